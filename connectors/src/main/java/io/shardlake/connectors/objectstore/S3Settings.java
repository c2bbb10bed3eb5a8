package io.shardlake.connectors.objectstore;

import java.net.URI;

/**
 * Where and how {@link S3ObjectStore} writes.
 *
 * @param bucket          bucket name; required
 * @param prefix          key prefix inside the bucket, such as {@code lake}; leading and trailing
 *                        '/' are dropped, {@code null} or empty means the bucket root
 * @param region          AWS region such as {@code eu-west-1}; {@code null} or blank uses the SDK's
 *                        default region chain (AWS_REGION, profile, instance metadata)
 * @param endpoint        endpoint override for S3-compatible stores and tests; {@code null} for AWS
 * @param pathStyleAccess {@code true} for {@code http://host/bucket/key} URLs (needed by most
 *                        S3-compatible stores and by S3Proxy on localhost)
 * @param partSizeBytes   multipart part size; at least 5 MiB (S3's minimum), 0 means the 16 MiB default
 */
public record S3Settings(String bucket, String prefix, String region, URI endpoint, boolean pathStyleAccess,
                         long partSizeBytes) {

    /** S3 refuses smaller parts (except the last one). */
    public static final long MIN_PART_SIZE_BYTES = 5L * 1024 * 1024;
    /** S3 refuses larger parts. */
    public static final long MAX_PART_SIZE_BYTES = 5L * 1024 * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE_BYTES = 16L * 1024 * 1024;

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3 bucket is required");
        }
        prefix = normalizePrefix(prefix);
        region = region == null || region.isBlank() ? null : region.strip();
        if (partSizeBytes == 0) {
            partSizeBytes = DEFAULT_PART_SIZE_BYTES;
        }
        if (partSizeBytes < MIN_PART_SIZE_BYTES || partSizeBytes > MAX_PART_SIZE_BYTES) {
            throw new IllegalArgumentException("S3 part size must be between 5 MiB and 5 GiB, was " + partSizeBytes);
        }
    }

    /** Settings for AWS itself: no endpoint override, virtual-hosted URLs, 16 MiB parts. */
    public static S3Settings of(String bucket, String prefix, String region) {
        return new S3Settings(bucket, prefix, region, null, false, DEFAULT_PART_SIZE_BYTES);
    }

    /** The full S3 key of a store key: {@code prefix/key}, or {@code key} without a prefix. */
    public String objectKey(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String trimmed = prefix.strip();
        int start = 0;
        int end = trimmed.length();
        while (start < end && trimmed.charAt(start) == '/') {
            start++;
        }
        while (end > start && trimmed.charAt(end - 1) == '/') {
            end--;
        }
        String normalized = trimmed.substring(start, end);
        if (!normalized.isEmpty()) {
            ObjectKeys.requireValidKey(normalized);
        }
        return normalized;
    }
}
