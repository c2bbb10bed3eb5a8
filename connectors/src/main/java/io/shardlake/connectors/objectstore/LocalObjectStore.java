package io.shardlake.connectors.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in a local directory; the default lake and the one used in tests.
 *
 * <p>{@link #publish} copies into a hidden temp file ({@code .name.<random>.tmp}) next to the target,
 * fsyncs it and renames it over the target atomically, so readers see the old file or the whole
 * new one. Names starting with '.' are skipped by Hive-style readers and by {@link #list}; for the
 * same reason keys whose file name starts with '.' are refused.
 */
public final class LocalObjectStore implements ObjectStore {

    private static final String TEMP_SUFFIX = ".tmp";

    private final Path root;

    /** @param root directory that holds the keys; created on first publish if missing */
    public LocalObjectStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The directory that holds the keys. */
    public Path root() {
        return root;
    }

    @Override
    public void publish(Path localFile, String key) throws IOException {
        Path target = pathOf(key);
        if (isHidden(target)) {
            throw new IllegalArgumentException(
                    "Object key must not name a hidden file (leading '.'), readers would skip it: " + key);
        }
        // Open the source first: a missing source must fail before anything is created at the target.
        try (FileChannel source = openSource(localFile, key)) {
            Path directory = target.getParent();
            Files.createDirectories(directory);
            Path temp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
            try {
                copyAndSync(source, temp);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw new IOException("Could not publish " + localFile + " to " + target + ": " + e.getMessage(), e);
            }
            syncDirectory(directory);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    /** Deletes the hidden temp files ({@code .name.<random>.tmp}) an interrupted publish of {@code key} left. */
    @Override
    public void removeIncomplete(String key) throws IOException {
        Path target = pathOf(key);
        Path directory = target.getParent();
        if (!Files.isDirectory(directory)) {
            return;
        }
        String prefix = "." + target.getFileName() + ".";
        try (Stream<Path> files = Files.list(directory)) {
            for (Path leftover : files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(leftover);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(pathOf(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ObjectKeys.requireValidPrefix(prefix);
        // Walk only the deepest directory the prefix names; the rest of the prefix filters by string.
        int lastSlash = prefix.lastIndexOf('/');
        Path start = lastSlash < 0 ? root : root.resolve(prefix.substring(0, lastSlash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        // follows pointed folders (symbolic links, see pointFolder): their objects are listed under the pointing name
        try (Stream<Path> files = Files.walk(start, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> !isHidden(path))
                    .map(this::keyOf)
                    .filter(key -> key.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw new IOException("Could not list " + start + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public java.util.SortedMap<String, Long> sizes(String prefix) throws IOException {
        java.util.SortedMap<String, Long> sizes = new java.util.TreeMap<>();
        for (String key : list(prefix)) {
            sizes.put(key, Files.size(pathOf(key)));
        }
        return sizes;
    }

    @Override
    public void copy(String fromKey, String toKey) throws IOException {
        publish(pathOf(fromKey), toKey);
    }

    @Override
    public boolean movesFolders() {
        return true;
    }

    @Override
    public void moveFolder(String fromPrefix, String toPrefix) throws IOException {
        Path from = folderOf(fromPrefix);
        Path to = folderOf(toPrefix);
        Files.createDirectories(to.getParent());
        // rename(2): readers see the folder under one name or the other, never a part of it
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(from.getParent());
        syncDirectory(to.getParent());
    }

    @Override
    public boolean pointsFolders() {
        return true;
    }

    @Override
    public void pointFolder(String name, String target, String displaced) throws IOException {
        Path link = folderOf(name + "/");
        Path to = folderOf(target + "/");
        if (!Files.isDirectory(to)) {
            throw new java.nio.file.NoSuchFileException(to.toString(), null, "the folder to point at does not exist");
        }
        if (Files.isDirectory(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // the first switch: the real folder moves aside; readers see no folder until the link is in (not a mix)
            Files.move(link, folderOf(displaced + "/"), StandardCopyOption.ATOMIC_MOVE);
        }
        Path temp = link.resolveSibling("." + link.getFileName() + "." + java.util.UUID.randomUUID() + ".link");
        // relative, so the warehouse folder can be moved or mounted elsewhere as a whole
        Files.createSymbolicLink(temp, link.getParent().relativize(to));
        // rename(2) replaces the previous link in one step
        Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(link.getParent());
    }

    @Override
    public String pointedFolder(String name) throws IOException {
        Path link = folderOf(name + "/");
        if (!Files.isSymbolicLink(link)) {
            return null;
        }
        return keyOf(link.getParent().resolve(Files.readSymbolicLink(link)).normalize());
    }

    private Path folderOf(String prefix) {
        ObjectKeys.requireValidPrefix(prefix);
        if (!prefix.endsWith("/") || prefix.length() < 2) {
            throw new IllegalArgumentException("a folder prefix ends with /: '" + prefix + "'");
        }
        return root.resolve(prefix.substring(0, prefix.length() - 1));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(pathOf(key));
    }

    @Override
    public String uri(String key) {
        return pathOf(key).toUri().toString();
    }

    /** Where {@code key} lives on disk. */
    public Path pathOf(String key) {
        return root.resolve(ObjectKeys.requireValidKey(key));
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isHidden(Path file) {
        return file.getFileName().toString().startsWith(".");
    }

    private static FileChannel openSource(Path localFile, String key) throws IOException {
        try {
            return FileChannel.open(localFile, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(localFile.toString(), null,
                    "source file to publish as '" + key + "' does not exist");
        }
    }

    private static void copyAndSync(FileChannel source, Path temp) throws IOException {
        // CREATE_NEW with default permissions; Files.createTempFile would make the published file 0600.
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = source.size();
            long position = 0;
            while (position < size) {
                position += source.transferTo(position, size - position, out);
            }
            out.force(true);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, so best effort. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open directories; the rename is still atomic, only its durability is weaker.
        }
    }
}
