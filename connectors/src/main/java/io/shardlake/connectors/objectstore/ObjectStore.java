package io.shardlake.connectors.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the lake's files live: a local directory (the default) or an S3 bucket.
 *
 * <p>Keys are relative, '/'-separated paths such as {@code orders/dt=2026-11-23/r42-shard01-0001.parquet}.
 * Rules every implementation keeps:
 * <ul>
 *   <li>{@link #publish} makes an object visible at its key only once it is complete: a reader
 *       never sees a partial file (atomic rename locally; multipart upload completed last on S3).</li>
 *   <li>Publishing to an existing key replaces it whole.</li>
 *   <li>{@link #delete} of a missing key is not an error, so recovery can repeat it.</li>
 * </ul>
 */
public interface ObjectStore {

    /** Copies a complete local file to {@code key}; visible only when fully written. */
    void publish(Path localFile, String key) throws IOException;

    /** Deletes {@code key} if present. */
    void delete(String key) throws IOException;

    /**
     * Removes what an interrupted {@link #publish} of {@code key} may have left beside it (a process
     * killed mid-copy): never the object itself, never another key's. Stores whose uploads leave
     * nothing visible (S3 multipart uploads expire by the bucket's lifecycle rule) do nothing.
     */
    default void removeIncomplete(String key) throws IOException {
    }

    boolean exists(String key) throws IOException;

    /** Keys under {@code prefix}, sorted; hidden work files of the store itself are not listed. */
    List<String> list(String prefix) throws IOException;

    /** Like {@link #list}, with each object's size in bytes, in key order. */
    java.util.SortedMap<String, Long> sizes(String prefix) throws IOException;

    /**
     * Copies the published object {@code fromKey} to {@code toKey} (server-side on S3); the copy
     * is visible only when complete, like {@link #publish}.
     */
    void copy(String fromKey, String toKey) throws IOException;

    /**
     * Whether {@link #moveFolder} is available: renaming a folder is one atomic step on a local
     * file system, and has no counterpart on S3 (where a catalog points at folders instead).
     */
    default boolean movesFolders() {
        return false;
    }

    /**
     * Whether {@link #pointFolder} is available: a folder name that shows another folder's objects,
     * switched atomically (a symbolic link on a local file system; on S3 a catalog points instead).
     */
    default boolean pointsFolders() {
        return false;
    }

    /**
     * Makes the folder {@code name} show the objects of folder {@code target} (both without a
     * trailing {@code /}), switching in one atomic step: a reader of {@code name} sees the previous
     * target or the new one, never a mix. A real folder at {@code name} (never pointed before) is
     * first renamed to {@code displaced}.
     *
     * @throws UnsupportedOperationException when {@link #pointsFolders()} is false
     */
    default void pointFolder(String name, String target, String displaced) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot point folders");
    }

    /** The folder {@code name} points at (see {@link #pointFolder}), or null when it is a real folder, absent, or the store points none. */
    default String pointedFolder(String name) throws IOException {
        return null;
    }

    /**
     * Renames the folder {@code fromPrefix} (every key under it) to {@code toPrefix} in one atomic
     * step; {@code toPrefix} must not exist. Both are folder prefixes ending in {@code /}.
     *
     * @throws UnsupportedOperationException when {@link #movesFolders()} is false
     */
    default void moveFolder(String fromPrefix, String toPrefix) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot move folders");
    }

    /** Opens a published object for reading. */
    InputStream open(String key) throws IOException;

    /** Location of a key for people and query engines: {@code file:/...} or {@code s3://bucket/...}. */
    String uri(String key);
}
