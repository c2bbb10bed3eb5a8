package io.shardlake.connectors.objectstore;

/**
 * Checks the relative, '/'-separated keys and list prefixes every {@link ObjectStore} accepts.
 *
 * <p>One rule set for all stores, so a key that works locally also works on S3 and can never
 * escape a local root ({@code ..}) or produce an empty path segment ({@code a//b}).
 */
final class ObjectKeys {

    private ObjectKeys() {
    }

    /** Returns {@code key} if it is a valid object key, else throws {@link IllegalArgumentException}. */
    static String requireValidKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Object key must not be empty");
        }
        if (key.endsWith("/")) {
            throw new IllegalArgumentException("Object key must not end with '/': " + key);
        }
        checkSegments(key, key);
        return key;
    }

    /**
     * Returns {@code prefix} if it is a valid list prefix: empty (everything) or the start of a key;
     * it may end with '/'. It is a plain string prefix, as in S3: {@code "orders/dt=2026-11"} matches
     * {@code "orders/dt=2026-11-23/a.parquet"}.
     */
    static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("List prefix must not be null; use \"\" for all keys");
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("List prefix must be relative (no leading '/'): " + prefix);
        }
        int lastSlash = prefix.lastIndexOf('/');
        if (lastSlash >= 0) {
            // Only the complete segments must be valid; the part after the last '/' may be any start of a name.
            checkSegments(prefix.substring(0, lastSlash), prefix);
        }
        if (prefix.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("List prefix must use '/' separators, not '\\': " + prefix);
        }
        return prefix;
    }

    private static void checkSegments(String path, String original) {
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("Object key must be relative (no leading '/'): " + original);
        }
        if (path.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("Object key must use '/' separators, not '\\': " + original);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        "Object key must not contain empty, '.' or '..' segments: " + original);
            }
        }
    }
}
