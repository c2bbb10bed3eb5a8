package io.shardlake.engine.definition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Tells whether the definition files of a folder changed since the last look, so a loop in the
 * service can call {@link DefinitionRegistry#reload()} every few seconds only when needed. It
 * polls (a {@code WatchService} misses events on network and overlay file systems, in containers
 * and on bind mounts) and keeps no thread: the caller decides when to look.
 *
 * <p>The fingerprint is a SHA-256 of every definition file's name and content; sizes and
 * modification times are deliberately not trusted. Modification times have a granularity of a
 * second (or two) on some file systems, so a second edit within the second of the last look keeps
 * the same time, and tools set them to the past ({@code cp -p}, {@code rsync -t}, {@code tar x}):
 * a same-size rewrite is then invisible to names, sizes and times. Hashing only files modified
 * within the last two seconds would need a clock and would still be fooled by restored times.
 * Always hashing costs little: definitions are a few kilobytes each, so even a few hundred of them
 * are read in milliseconds every few seconds. As a bonus, {@code touch} or saving without edits is
 * not a change. The same files count as for {@link DefinitionLoader}: {@code *.yaml} and
 * {@code *.yml} directly in the folder (symbolic links followed).
 *
 * <p>Usage: look before each reload, including the first, so an edit made while a reload reads
 * the files is seen by the next look:
 * <pre>{@code
 * if (watcher.changedSinceLastCheck()) {   // true on the first call
 *     registry.reload();
 * }
 * }</pre>
 * The look consumes the change: if that reload fails unexpectedly, the caller must retry it
 * without waiting for the watcher. Thread-safe.
 */
public final class DefinitionFolderWatcher {

    private final Path directory;
    private byte[] lastFingerprint;

    public DefinitionFolderWatcher(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Whether a definition file was added, removed, renamed or rewritten (or the folder appeared
     * or disappeared) since the previous call; true on the first call. Never throws for I/O
     * problems: a folder or file that cannot be read is fingerprinted as such, so a change of that
     * state is a change and a lasting problem is not reported on every call.
     */
    public synchronized boolean changedSinceLastCheck() {
        byte[] fingerprint = fingerprint();
        boolean changed = !Arrays.equals(fingerprint, lastFingerprint);
        lastFingerprint = fingerprint;
        return changed;
    }

    private byte[] fingerprint() {
        MessageDigest digest = sha256();
        List<Path> files;
        try {
            files = Files.isDirectory(directory) ? DefinitionFiles.list(directory) : null;
        } catch (IOException e) {
            files = null;
        }
        if (files == null) {
            digest.update((byte) 0); // no folder, or not listable: distinct from an empty folder
            return digest.digest();
        }
        digest.update((byte) 1);
        for (Path file : files) {
            // Length-prefixed fields, so no two different folders can hash the same bytes.
            update(digest, file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            try {
                digest.update((byte) 1);
                update(digest, Files.readAllBytes(file));
            } catch (IOException e) {
                digest.update((byte) 0); // deleted since listed, or unreadable
            }
        }
        return digest.digest();
    }

    private static void update(MessageDigest digest, byte[] bytes) {
        int n = bytes.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
