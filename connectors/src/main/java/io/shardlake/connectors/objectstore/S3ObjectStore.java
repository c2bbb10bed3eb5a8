package io.shardlake.connectors.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} in an S3 bucket (or an S3-compatible store), under a key prefix.
 *
 * <p>Uses the synchronous {@link S3Client} with the Apache HTTP client (the async Netty client
 * conflicts with the Netty version Spring Boot pins). {@link #publish} is a multipart upload that
 * reads the file part by part and becomes visible only on CompleteMultipartUpload; a failed upload
 * is aborted. SDK exceptions are rethrown as {@link IOException}s naming bucket and key.
 *
 * <p>Keys given to this store are relative to {@link S3Settings#prefix()}; {@link #list} returns
 * them the same way. Production buckets should carry an AbortIncompleteMultipartUpload lifecycle
 * rule for uploads whose abort could not reach S3.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

    private final S3Settings settings;
    private final S3Client s3;
    private final boolean ownsClient;
    private final MultipartFileUpload upload;

    /** A store on a client the caller owns (and closes). */
    public S3ObjectStore(S3Settings settings, S3Client s3) {
        this(settings, s3, false);
    }

    private S3ObjectStore(S3Settings settings, S3Client s3, boolean ownsClient) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.ownsClient = ownsClient;
        this.upload = new MultipartFileUpload(s3, settings.bucket(), settings.partSizeBytes());
    }

    /**
     * A store with its own client: default credentials provider chain (environment, system
     * properties, profile, container/instance role), the settings' region, endpoint and path style.
     * Close the store to close the client.
     */
    public static S3ObjectStore create(S3Settings settings) {
        return create(settings, DefaultCredentialsProvider.builder().build());
    }

    /** As {@link #create(S3Settings)} with explicit credentials (tests, S3-compatible stores). */
    public static S3ObjectStore create(S3Settings settings, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyleAccess());
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return new S3ObjectStore(settings, builder.build(), true);
    }

    public S3Settings settings() {
        return settings;
    }

    /**
     * Creates the bucket if it does not exist. For development and tests: production buckets are
     * created by infrastructure code, with their lifecycle rules and policies.
     */
    public void ensureBucket() throws IOException {
        String bucket = settings.bucket();
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            createBucket(bucket);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw new IOException("Could not check bucket '" + bucket + "': " + e.getMessage(), e);
            }
            createBucket(bucket);
        } catch (SdkException e) {
            throw new IOException("Could not check bucket '" + bucket + "': " + e.getMessage(), e);
        }
    }

    private void createBucket(String bucket) throws IOException {
        try {
            String region = settings.region();
            // us-east-1 is the one region that refuses an explicit location constraint.
            if (region == null || region.equals("us-east-1")) {
                s3.createBucket(b -> b.bucket(bucket));
            } else {
                s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(region)));
            }
        } catch (BucketAlreadyOwnedByYouException raceLost) {
            // Someone else created it meanwhile: that is what we wanted.
        } catch (SdkException e) {
            throw new IOException("Could not create bucket '" + bucket + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(Path localFile, String key) throws IOException {
        upload.upload(localFile, objectKey(key));
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            // S3 answers 204 for a missing key too, so this is idempotent as the contract requires.
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(objectKey));
        } catch (SdkException e) {
            throw failure("delete", objectKey, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            s3.headObject(b -> b.bucket(settings.bucket()).key(objectKey));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("check", objectKey, e);
        } catch (SdkException e) {
            throw failure("check", objectKey, e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ObjectKeys.requireValidPrefix(prefix);
        String rootPrefix = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
        String listPrefix = rootPrefix + prefix;
        try {
            // S3 sorts by UTF-8 bytes; sort again so the order matches the local store's String order.
            return s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(listPrefix))
                    .contents().stream()
                    .map(S3Object::key)
                    .map(objectKey -> objectKey.substring(rootPrefix.length()))
                    .sorted()
                    .toList();
        } catch (SdkException e) {
            throw failure("list", listPrefix + "*", e);
        }
    }

    @Override
    public java.util.SortedMap<String, Long> sizes(String prefix) throws IOException {
        ObjectKeys.requireValidPrefix(prefix);
        String rootPrefix = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
        String listPrefix = rootPrefix + prefix;
        try {
            java.util.SortedMap<String, Long> sizes = new java.util.TreeMap<>();
            s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(listPrefix)).contents()
                    .forEach(o -> sizes.put(o.key().substring(rootPrefix.length()), o.size()));
            return sizes;
        } catch (SdkException e) {
            throw failure("list", listPrefix + "*", e);
        }
    }

    @Override
    public void copy(String fromKey, String toKey) throws IOException {
        String from = objectKey(fromKey);
        String to = objectKey(toKey);
        try {
            // Server-side: the bytes never pass through this process. CopyObject is atomic up to 5 GB,
            // far above the writer's file size.
            s3.copyObject(b -> b.sourceBucket(settings.bucket()).sourceKey(from).destinationBucket(settings.bucket())
                    .destinationKey(to));
        } catch (SdkException e) {
            throw failure("copy " + location(from) + " to", to, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return s3.getObject(b -> b.bucket(settings.bucket()).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(location(objectKey), null, "no such object");
        } catch (SdkException e) {
            throw failure("open", objectKey, e);
        }
    }

    @Override
    public String uri(String key) {
        return location(objectKey(key));
    }

    /** Closes the S3 client if this store created it ({@link #create}). */
    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    private String objectKey(String key) {
        return settings.objectKey(ObjectKeys.requireValidKey(key));
    }

    private String location(String objectKey) {
        return "s3://" + settings.bucket() + "/" + objectKey;
    }

    private IOException failure(String action, String objectKey, SdkException e) {
        return new IOException("Could not " + action + " " + location(objectKey) + " (bucket '" + settings.bucket()
                + "', key '" + objectKey + "'): " + e.getMessage(), e);
    }
}
