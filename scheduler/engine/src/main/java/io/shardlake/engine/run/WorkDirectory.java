package io.shardlake.engine.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's folder for the files shard tasks stage before publishing, under a work directory
 * that several processes may share (nodes on one machine use the same default). A task removes
 * what it staged when it ends, but a process killed with SIGKILL, by the OOM killer or a power cut
 * never does, and nothing else would: so claiming a folder first removes the folders of processes
 * that died.
 *
 * <p>Each process stages in its own {@code process-*} folder and holds an OS lock on the folder's
 * {@code .lock} file while it runs. The OS releases that lock when the process ends, however it
 * ends, so a folder whose lock can be taken belongs to no live process. Claims run under a lock on
 * the work directory's own {@code .lock} file, so no process sees another's folder before it is
 * locked.
 */
public final class WorkDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkDirectory.class);
    private static final String PREFIX = "process-";
    private static final String LOCK_FILE = ".lock";
    /**
     * Folders claimed in this JVM (tests run several nodes in one). They are never probed: closing
     * any channel on a file releases every lock this JVM holds on it (POSIX locks, see FileLock).
     */
    private static final Set<Path> CLAIMED_HERE = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel lockChannel;

    private WorkDirectory(Path path, FileChannel lockChannel) {
        this.path = path;
        this.lockChannel = lockChannel;
    }

    /** Removes the folders of dead processes under {@code root}, then creates and locks this process's own. */
    public static synchronized WorkDirectory claim(Path root) throws IOException {
        Path workRoot = root.toAbsolutePath().normalize();
        Files.createDirectories(workRoot);
        try (FileChannel rootLock = FileChannel.open(workRoot.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = rootLock.lock()) {
            removeAbandoned(workRoot);
            Path own = Files.createTempDirectory(workRoot, PREFIX);
            FileChannel channel = FileChannel.open(own.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            CLAIMED_HERE.add(own);
            return new WorkDirectory(own, channel);
        }
    }

    private static void removeAbandoned(Path root) throws IOException {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path folder : folders) {
                if (Files.isDirectory(folder) && !CLAIMED_HERE.contains(folder) && !lockedByAnotherProcess(folder)) {
                    deleteQuietly(folder);
                    log.warn("removed {}: files a process that ended without cleaning up (e.g. killed) had staged there", folder);
                }
            }
        }
    }

    private static boolean lockedByAnotherProcess(Path folder) throws IOException {
        Path lockFile = folder.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false; // its process died before it could lock
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** Deletes a folder and everything in it, logging what could not be deleted. */
    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not clean work directory {}: {}", dir, e.getMessage());
        }
    }

    /** The folder this process stages in. */
    public Path path() {
        return path;
    }

    /** Releases the folder and deletes it (tasks must have ended). */
    @Override
    public void close() throws IOException {
        deleteQuietly(path); // still locked meanwhile: no other process takes it for abandoned
        try {
            lockChannel.close();
        } finally {
            CLAIMED_HERE.remove(path);
        }
    }
}
