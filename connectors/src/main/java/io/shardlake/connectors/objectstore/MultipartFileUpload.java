package io.shardlake.connectors.objectstore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads one local file to one S3 key as a multipart upload, part by part from disk.
 *
 * <p>The object appears only when CompleteMultipartUpload succeeds; on any failure the upload is
 * aborted so no parts are left behind (and billed). If the abort itself fails (S3 unreachable),
 * the parts stay until the bucket's AbortIncompleteMultipartUpload lifecycle rule removes them.
 */
final class MultipartFileUpload {

    /** S3 allows at most 10,000 parts per upload. */
    static final int MAX_PARTS = 10_000;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final long partSize;

    MultipartFileUpload(S3Client s3, String bucket, long partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    void upload(Path file, String objectKey) throws IOException {
        String location = "s3://" + bucket + "/" + objectKey;
        // Open first: a missing source must fail before an upload is started.
        try (FileChannel channel = openSource(file, location)) {
            long size = channel.size();
            String uploadId = start(objectKey, location);
            try {
                List<CompletedPart> parts = uploadParts(channel, size, objectKey, uploadId);
                if (channel.size() != size) {
                    throw new IOException("Source file " + file + " changed size during upload (" + size
                            + " -> " + channel.size() + " bytes)");
                }
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            } catch (IOException | RuntimeException e) {
                abort(objectKey, uploadId, e);
                throw new IOException("Upload of " + file + " to " + location + " failed (bucket '" + bucket
                        + "', key '" + objectKey + "'); multipart upload aborted: " + e.getMessage(), e);
            }
        }
    }

    private String start(String objectKey, String location) throws IOException {
        try {
            return s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey).contentType(CONTENT_TYPE))
                    .uploadId();
        } catch (SdkException e) {
            throw new IOException("Could not start multipart upload to " + location + " (bucket '" + bucket
                    + "', key '" + objectKey + "'): " + e.getMessage(), e);
        }
    }

    private List<CompletedPart> uploadParts(FileChannel channel, long size, String objectKey, String uploadId) {
        // Grow parts for huge files so they fit in S3's 10,000-part limit.
        long effectivePartSize = Math.max(partSize, ceilDiv(size, MAX_PARTS));
        int partCount = (int) Math.max(1, ceilDiv(size, effectivePartSize));
        List<CompletedPart> parts = new ArrayList<>(partCount);
        for (int i = 0; i < partCount; i++) {
            int partNumber = i + 1;
            long offset = i * effectivePartSize;
            long length = Math.min(effectivePartSize, size - offset);
            // A provider, not a stream: the SDK asks for a fresh stream on every retry.
            RequestBody body = RequestBody.fromContentProvider(
                    () -> new FileSliceInputStream(channel, offset, length), length, CONTENT_TYPE);
            UploadPartResponse response = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .partNumber(partNumber).contentLength(length), body);
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build());
        }
        return parts;
    }

    private void abort(String objectKey, String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (RuntimeException abortFailure) {
            cause.addSuppressed(abortFailure);
        }
    }

    private static FileChannel openSource(Path file, String location) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "source file to upload to " + location
                    + " does not exist");
        }
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
