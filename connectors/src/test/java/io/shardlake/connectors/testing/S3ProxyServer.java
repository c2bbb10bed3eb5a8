package io.shardlake.connectors.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.shardlake.connectors.objectstore.S3ObjectStore;
import io.shardlake.connectors.objectstore.S3Settings;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * An S3-compatible server for tests: S3Proxy 4.x in this JVM, on a free loopback port, storing
 * objects in a local directory, with one bucket created up front.
 *
 * <p>Use it as a JUnit 5 extension on a static field (started before all tests of the class,
 * stopped after):
 * <pre>{@code
 * @RegisterExtension
 * static final S3ProxyServer S3 = new S3ProxyServer();
 * }</pre>
 * or by hand with {@link #start()} and {@link #close()}.
 *
 * <p>The filesystem backend stores the object {@code k} of bucket {@code b} verbatim at
 * {@code storageDirectory()/b/k}, so query engines that cannot speak S3 here (DuckDB without
 * httpfs) can read what the code under test uploaded: see {@link #localPathOf}. While a multipart
 * upload is in progress its parts sit in hidden {@code .mpus-<uploadId>-...} folders and
 * {@code .s3proxy-mpu-stub-<uploadId>} files in the bucket directory; Hive-style readers skip them.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String DEFAULT_BUCKET = "shardlake-test";
    public static final String ACCESS_KEY = "shardlake-test-access-key";
    public static final String SECRET_KEY = "shardlake-test-secret-key";
    public static final Region REGION = Region.US_EAST_1;

    private final String bucket;
    private final Path requestedDirectory;
    private Path storageDirectory;
    private S3Proxy proxy;
    private URI endpoint;

    /** Bucket {@value #DEFAULT_BUCKET} in a temp directory deleted on {@link #close()}. */
    public S3ProxyServer() {
        this(DEFAULT_BUCKET, null);
    }

    /**
     * @param bucket           bucket to create on start
     * @param storageDirectory where to keep the objects (kept on close), or {@code null} for a temp
     *                         directory that is deleted on close
     */
    public S3ProxyServer(String bucket, Path storageDirectory) {
        this.bucket = bucket;
        this.requestedDirectory = storageDirectory;
    }

    /** Starts the server unless it runs already; returns {@code this}. */
    public synchronized S3ProxyServer start() throws IOException {
        if (proxy != null) {
            return this;
        }
        storageDirectory = requestedDirectory != null
                ? Files.createDirectories(requestedDirectory).toAbsolutePath()
                : Files.createTempDirectory("s3proxy-").toAbsolutePath();
        FilesystemNio2BlobStore blobStore = new FilesystemNio2BlobStore(storageDirectory.toString());
        blobStore.createContainer(bucket);
        S3Proxy started = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0")) // port 0: the OS picks a free one
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // The SDK sends headers S3Proxy does not know (x-amz-mp-object-size, ...): 501 otherwise.
                .ignoreUnknownHeaders(true)
                .build();
        try {
            started.start();
            waitUntilStarted(started);
        } catch (Exception e) {
            stopQuietly(started);
            throw new IOException("Could not start S3Proxy on 127.0.0.1: " + e.getMessage(), e);
        }
        proxy = started;
        endpoint = URI.create("http://127.0.0.1:" + started.getPort());
        return this;
    }

    /** Stops the server and deletes its storage directory if it made a temp one. Idempotent. */
    @Override
    public synchronized void close() {
        if (proxy == null) {
            return;
        }
        stopQuietly(proxy);
        proxy = null;
        if (requestedDirectory == null) {
            deleteRecursively(storageDirectory);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** {@code http://127.0.0.1:<port>}; use with path-style access. */
    public URI endpoint() {
        requireStarted();
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    /** Root of the filesystem backend; buckets are its subdirectories. */
    public Path storageDirectory() {
        requireStarted();
        return storageDirectory;
    }

    /** The directory that holds the objects of {@link #bucket()}. */
    public Path bucketDirectory() {
        return storageDirectory().resolve(bucket);
    }

    /**
     * Where the bytes of a full S3 key (including any store prefix, such as
     * {@code lake/orders/dt=2026-11-23/a.parquet}) of {@link #bucket()} live on disk.
     */
    public Path localPathOf(String objectKey) {
        return bucketDirectory().resolve(objectKey);
    }

    /** The dummy credentials this server accepts. */
    public AwsCredentialsProvider credentialsProvider() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** A client builder for this server (Apache HTTP, path style, dummy credentials); add interceptors etc. */
    public S3ClientBuilder clientBuilder() {
        return S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(credentialsProvider())
                .region(REGION)
                .endpointOverride(endpoint())
                .forcePathStyle(true);
    }

    /** A new client for this server; the caller closes it. */
    public S3Client newClient() {
        return clientBuilder().build();
    }

    /** Settings for {@link #bucket()} under {@code prefix} on this server. */
    public S3Settings settings(String prefix, long partSizeBytes) {
        return new S3Settings(bucket, prefix, REGION.id(), endpoint(), true, partSizeBytes);
    }

    /** A store with its own client (close it) for {@link #bucket()} under {@code prefix}, 5 MiB parts. */
    public S3ObjectStore newStore(String prefix) {
        return S3ObjectStore.create(settings(prefix, S3Settings.MIN_PART_SIZE_BYTES), credentialsProvider());
    }

    private void requireStarted() {
        if (proxy == null) {
            throw new IllegalStateException("S3ProxyServer is not started; call start() or register it "
                    + "as a static @RegisterExtension field");
        }
    }

    private static void waitUntilStarted(S3Proxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within 10 s, state " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // Test teardown: nothing useful to do if Jetty will not stop.
        }
    }

    private static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp directory must not fail the test run.
        }
    }
}
