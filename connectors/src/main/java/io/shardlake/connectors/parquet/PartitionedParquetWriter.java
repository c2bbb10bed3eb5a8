package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.RowSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.schema.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows into Parquet files under {@code workDir/<partition>/}, named
 * {@code <fileNamePrefix>-<seq>.parquet} with a 4-digit sequence per partition starting at 0001.
 *
 * <p>Rules:
 * <ul>
 *   <li>One open file per partition, at most {@link ParquetOptions#maxOpenFiles()} at once: a new
 *       partition closes the least recently written file first (each open file holds ~1.4 MB of heap
 *       plus its buffered row group). A partition seen again later gets a new file.</li>
 *   <li>A file is closed once its written size passes {@link ParquetOptions#targetFileBytes()};
 *       the partition's next row starts the next file. No file is ever left empty.</li>
 *   <li>A partition is a relative folder such as {@code dt=2026-11-23} (nested {@code a=1/b=2} too);
 *       no segment may be empty, {@code ..}, or start with {@code .} or {@code _}, which Hive-style
 *       readers such as Athena silently skip.</li>
 *   <li>A row that does not fit the schema throws {@link InvalidRowException} and is not written;
 *       the writer stays usable. Any other failure leaves the writer failed: only {@link #abort()}
 *       is allowed then.</li>
 *   <li>{@link #finish()} completes every file and lists them; {@link #abort()} deletes every file
 *       (and emptied folder) this writer created. {@link #close()} without {@code finish()} aborts,
 *       so try-with-resources leaves nothing partial behind.</li>
 *   <li>Existing files are never replaced: use a fresh {@code workDir} per run.</li>
 * </ul>
 * Single-threaded: use one writer per thread.
 */
public final class PartitionedParquetWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionedParquetWriter.class);

    private enum State { OPEN, FAILED, FINISHED, ABORTED }

    private final RowSchema schema;
    private final ParquetOptions options;
    private final Path workDir;
    private final String fileNamePrefix;
    private final MessageType messageType;
    private final RowWriters rowWriters;
    private final StandaloneCodecFactory codecs = new StandaloneCodecFactory();
    private final CompressionCodecFactory sharedCodecs = codecs.nonReleasing();

    /** Open files by partition, least recently written first. */
    private final LinkedHashMap<String, RowFileWriter> open = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Integer> filesPerPartition = new HashMap<>();
    private final List<WrittenFile> written = new ArrayList<>();
    private final List<Path> createdFiles = new ArrayList<>();
    private final Deque<Path> createdDirs = new ArrayDeque<>();

    // The last partition written; consecutive rows of one partition skip the map lookup.
    private String lastPartition;
    private RowFileWriter lastFile;

    private State state = State.OPEN;
    private long rows;
    private long closedBytes;
    private long evictions;

    public PartitionedParquetWriter(RowSchema schema, ParquetOptions options, Path workDir, String fileNamePrefix) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.options = Objects.requireNonNull(options, "options");
        this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
        this.fileNamePrefix = checkPrefix(fileNamePrefix);
        options.validateFor(schema);
        this.messageType = ParquetSchemas.messageType(schema);
        this.rowWriters = new RowWriters(schema);
    }

    /**
     * Appends {@code row} to the open file of {@code partition}, opening one if needed.
     *
     * @throws InvalidRowException when the row does not fit the schema (not written; go on if you like)
     * @throws IOException         when the file cannot be written (the writer has failed; abort it)
     */
    public void write(String partition, Object[] row) throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("writer is " + state.name().toLowerCase(Locale.ROOT) + "; cannot write");
        }
        RowFileWriter file = partition != null && partition.equals(lastPartition) ? lastFile : fileFor(partition, row);
        try {
            file.write(row);
            rows++;
            if (file.reached(options.targetFileBytes())) {
                closeFile(partition, file);
            }
        } catch (InvalidRowException e) {
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            state = State.FAILED;
            throw e;
        }
    }

    private RowFileWriter fileFor(String partition, Object[] row) throws IOException {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(row, "row");
        RowFileWriter file = open.get(partition);
        if (file == null) {
            // Reject a bad row before creating a file for it, so no empty file appears.
            rowWriters.check(row);
            Path dir = partitionDir(partition);
            try {
                if (open.size() >= options.maxOpenFiles()) {
                    evictLeastRecentlyWritten();
                }
                file = createFile(partition, dir);
            } catch (IOException | RuntimeException | Error e) {
                state = State.FAILED;
                throw e;
            }
            open.put(partition, file);
        }
        lastPartition = partition;
        lastFile = file;
        return file;
    }

    private void evictLeastRecentlyWritten() throws IOException {
        Map.Entry<String, RowFileWriter> eldest = open.entrySet().iterator().next();
        evictions++;
        log.debug("closing {} to stay within {} open files", eldest.getValue().path(), options.maxOpenFiles());
        closeFile(eldest.getKey(), eldest.getValue());
    }

    private RowFileWriter createFile(String partition, Path dir) throws IOException {
        createDirectories(dir);
        int seq = filesPerPartition.merge(partition, 1, Integer::sum);
        Path path = dir.resolve(fileName(seq));
        RowFileWriter file = RowFileWriter.create(partition, path, schema, messageType, rowWriters, options, sharedCodecs);
        createdFiles.add(path);
        return file;
    }

    private String fileName(int seq) {
        String digits = Integer.toString(seq);
        return fileNamePrefix + "-" + "0".repeat(Math.max(0, 4 - digits.length())) + digits + ".parquet";
    }

    private void closeFile(String partition, RowFileWriter file) throws IOException {
        open.remove(partition);
        if (file == lastFile) {
            lastPartition = null;
            lastFile = null;
        }
        WrittenFile done = file.close();
        written.add(done);
        closedBytes += done.bytes();
    }

    /**
     * Closes every open file (writing footers) and returns all files written, ordered by partition
     * and file name. Calling it again returns the same list.
     *
     * @throws IOException when a file cannot be completed (the writer has failed; abort it)
     */
    public List<WrittenFile> finish() throws IOException {
        if (state == State.FINISHED) {
            return sorted();
        }
        if (state != State.OPEN) {
            throw new IllegalStateException("writer is " + state.name().toLowerCase(Locale.ROOT) + "; cannot finish");
        }
        try {
            while (!open.isEmpty()) {
                Map.Entry<String, RowFileWriter> next = open.entrySet().iterator().next();
                closeFile(next.getKey(), next.getValue());
            }
        } catch (IOException | RuntimeException | Error e) {
            state = State.FAILED;
            throw e;
        }
        codecs.release();
        state = State.FINISHED;
        return sorted();
    }

    private List<WrittenFile> sorted() {
        List<WrittenFile> files = new ArrayList<>(written);
        files.sort(Comparator.comparing(WrittenFile::partition).thenComparing(WrittenFile::fileName));
        return List.copyOf(files);
    }

    /**
     * Closes every open file without completing it and deletes every file this writer created,
     * finished ones included, then the folders it created if they are empty. Never throws;
     * failures to delete are logged. Safe to call more than once.
     */
    public void abort() {
        if (state == State.ABORTED) {
            return;
        }
        state = State.ABORTED;
        open.values().forEach(RowFileWriter::abort);
        open.clear();
        lastPartition = null;
        lastFile = null;
        for (Path path : createdFiles) {
            deleteQuietly(path);
        }
        // Deepest first: folders were recorded parent before child.
        for (Iterator<Path> it = createdDirs.descendingIterator(); it.hasNext(); ) {
            Path dir = it.next();
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isEmpty()) {
                    deleteQuietly(dir);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("could not clean up folder {}: {}", dir, e.toString());
            }
        }
        try {
            codecs.release();
        } catch (RuntimeException e) {
            log.warn("could not release codecs: {}", e.toString());
        }
    }

    /** Aborts unless {@link #finish()} completed. */
    @Override
    public void close() {
        if (state != State.FINISHED) {
            abort();
        }
    }

    /** Rows written so far (rejected rows not counted). */
    public long rowsWritten() {
        return rows;
    }

    /** Bytes so far: sizes of completed files plus written and buffered bytes of open ones. */
    public long bytesWritten() {
        long bytes = closedBytes;
        for (RowFileWriter file : open.values()) {
            bytes += file.dataSize();
        }
        return bytes;
    }

    /** Files currently open. */
    public int openFiles() {
        return open.size();
    }

    /** Files completed so far. */
    public int filesWritten() {
        return written.size();
    }

    /**
     * Files closed early to stay within {@code maxOpenFiles}. Many evictions mean rows arrive in
     * poor partition order and produce small files.
     */
    public long evictions() {
        return evictions;
    }

    private Path partitionDir(String partition) {
        if (partition.isBlank() || partition.startsWith("/") || partition.endsWith("/") || partition.contains("\\")) {
            throw badPartition(partition);
        }
        for (String segment : partition.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..") || segment.startsWith(".") || segment.startsWith("_")) {
                throw badPartition(partition);
            }
        }
        Path dir = workDir.resolve(partition).normalize();
        if (!dir.startsWith(workDir) || dir.equals(workDir)) {
            throw badPartition(partition);
        }
        return dir;
    }

    private static IllegalArgumentException badPartition(String partition) {
        return new IllegalArgumentException("partition '" + partition + "' must be a relative folder such as "
                + "dt=2026-11-23 whose segments are not empty and do not start with '.' or '_'");
    }

    private void createDirectories(Path dir) throws IOException {
        // Remember which folders we make, outermost first, so abort can remove them again.
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        Files.createDirectories(dir);
        createdDirs.addAll(missing);
    }

    private static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "fileNamePrefix");
        if (prefix.isEmpty() || prefix.startsWith(".") || prefix.startsWith("_") || prefix.contains("/")
                || prefix.contains("\\")) {
            throw new IllegalArgumentException("fileNamePrefix '" + prefix
                    + "' must be a plain name that does not start with '.' or '_'");
        }
        return prefix;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete {}: {}", path, e.toString());
        }
    }
}
