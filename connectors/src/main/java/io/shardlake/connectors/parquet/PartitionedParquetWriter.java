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
 *   <li>One open file per partition, at most {@link ParquetOptions#maxOpenFiles()} at once (each
 *       holds ~1.4 MB of heap plus its buffered row group). A row of a partition without an open
 *       file, when that many are open, goes one of two ways:
 *       <ul>
 *         <li>If the least recently written file is cold (no row for it among the last
 *             {@link #COLD_ROWS_PER_OPEN_FILE} × {@code maxOpenFiles} rows), it is closed and the
 *             new partition gets a file: input in cursor order, where a partition left behind is
 *             done. A partition seen again later gets a new file.</li>
 *         <li>Otherwise every open partition is still receiving rows (input interleaved across
 *             partitions, e.g. read in primary-key order), and closing one would only split it
 *             into small files: the row goes to the partition's spill file instead, and so do all
 *             its later rows, keeping them in order. Spill files live in
 *             {@code workDir/.spill/} (hidden, never a partition folder, never listed), cost a
 *             16 KiB buffer and a file descriptor each, and hold the rows in a compact binary form
 *             ({@link SpillFile}).</li>
 *       </ul></li>
 *   <li>Rows for an open file are held in memory ({@link RowBatch}, ~256 KiB per open file) and
 *       written to it in runs, so that rows interleaved over many partitions do not switch files
 *       row by row; a file gets its held rows before it is closed.</li>
 *   <li>A file is closed once its written size passes {@link ParquetOptions#targetFileBytes()}
 *       (checked after each run, so by up to one run's rows); the partition's next row starts the
 *       next file. No file is ever left empty.</li>
 *   <li>A partition is a relative folder such as {@code dt=2026-11-23} (nested {@code a=1/b=2} too);
 *       no segment may be empty, {@code ..}, or start with {@code .} or {@code _}, which Hive-style
 *       readers such as Athena silently skip.</li>
 *   <li>A row that does not fit the schema throws {@link InvalidRowException} and is not written;
 *       the writer stays usable. Any other failure leaves the writer failed: only {@link #abort()}
 *       is allowed then.</li>
 *   <li>{@link #finish()} completes every open file, then writes each spilled partition's rows, in
 *       arrival order, into that partition's next files (same naming, size and dictionary rules),
 *       one partition and one file at a time, deleting each spill file once written; then it lists
 *       every file. {@link #abort()} deletes every file (spill files included) and emptied folder
 *       this writer created. {@link #close()} without {@code finish()} aborts, so
 *       try-with-resources leaves nothing partial behind.</li>
 *   <li>Existing files are never replaced: use a fresh {@code workDir} per run.</li>
 *   <li>The first 1,024 rows (fewer when they hold over 8 MiB of text) are held back before any
 *       file is opened, and dictionary encoding is chosen per column from their values
 *       ({@link ParquetOptions#dictionaryEncoding}); the choice holds for every file of this writer.
 *       Held rows are checked on arrival and written in the order given once the sample is
 *       complete or at {@link #finish()}; a failure to write them surfaces there.</li>
 * </ul>
 * Single-threaded: use one writer per thread.
 */
public final class PartitionedParquetWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionedParquetWriter.class);

    /**
     * Rows, per allowed open file, after which an open file that received none of them is cold
     * (10,000 rows with the default 8 files). In cursor order the least recently written of M open
     * files was last written M - 1 partitions ago, so it counts as cold once partitions hold more
     * than ~1,250 × M / (M - 1) rows (1,430 with 8 files): any load large enough to need more than M
     * files. Interleaved over P partitions, an open file waits P rows between writes on average and
     * longer than N rows with probability e^(-N/P): with N = 10,000 that is e^-166 for 60 daily
     * partitions and e^-27 for a year of them, so a live partition is not taken for a finished one.
     * Both gaps grow with M, hence a threshold proportional to it. Erring towards spilling is
     * cheap (a local write and read of the rows, still one file per partition); erring the other
     * way splits a live partition into small files.
     */
    static final long COLD_ROWS_PER_OPEN_FILE = 1_250;

    /** Hidden folder of {@code workDir} for spill files; Hive-style readers skip it. */
    static final String SPILL_FOLDER = ".spill";

    /** Released page and chunk buffers kept for the next files ({@link RecyclingBufferAllocator}). */
    static final long POOLED_BUFFER_BYTES = 8L << 20;

    private enum State { OPEN, FAILED, FINISHED, ABORTED }

    private final RowSchema schema;
    private final ParquetOptions options;
    private final Path workDir;
    private final String fileNamePrefix;
    private final MessageType messageType;
    private final RowWriters rowWriters;
    private final StandaloneCodecFactory codecs = new StandaloneCodecFactory();
    private final CompressionCodecFactory sharedCodecs = codecs.nonReleasing();
    private final RecyclingBufferAllocator buffers = new RecyclingBufferAllocator(POOLED_BUFFER_BYTES);
    private final long coldAfterRows;

    /** Open files by partition, least recently written first. */
    private final LinkedHashMap<String, RowFileWriter> open = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Integer> filesPerPartition = new HashMap<>();
    private final List<WrittenFile> written = new ArrayList<>();
    private final List<Path> createdFiles = new ArrayList<>();
    private final Deque<Path> createdDirs = new ArrayDeque<>();

    // Partitions whose rows go to a spill file, in the order they started; every spill file created.
    private final LinkedHashMap<String, SpillFile.Writer> spills = new LinkedHashMap<>();
    private final List<Path> spillFiles = new ArrayList<>();
    private Path spillDir;

    // Rows held back until dictionary encoding is chosen (null afterwards), and the choice per column.
    private DictionarySample sample = new DictionarySample();
    private boolean[] dictionary;

    // The last partition written; consecutive rows of one partition skip the map lookup.
    private String lastPartition;
    private RowFileWriter lastFile;

    private State state = State.OPEN;
    private long rows;
    // Rows routed to a file or a spill: the clock that tells a cold file from a hot one.
    private long appended;
    private long closedBytes;
    private long evictions;
    private long spilledRows;

    public PartitionedParquetWriter(RowSchema schema, ParquetOptions options, Path workDir, String fileNamePrefix) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.options = Objects.requireNonNull(options, "options");
        this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
        this.fileNamePrefix = checkPrefix(fileNamePrefix);
        options.validateFor(schema);
        this.messageType = ParquetSchemas.messageType(schema);
        this.rowWriters = new RowWriters(schema);
        this.coldAfterRows = COLD_ROWS_PER_OPEN_FILE * options.maxOpenFiles();
    }

    /**
     * Appends {@code row} to the open file of {@code partition}, opening one if needed, or to the
     * partition's spill file. The first rows are held back (see the class comment): do not modify a
     * row after passing it.
     *
     * @throws InvalidRowException when the row does not fit the schema (not written; go on if you like)
     * @throws IOException         when the file cannot be written (the writer has failed; abort it)
     */
    public void write(String partition, Object[] row) throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("writer is " + state.name().toLowerCase(Locale.ROOT) + "; cannot write");
        }
        if (sample != null) {
            hold(partition, row);
        } else {
            append(partition, row);
        }
        rows++;
    }

    /** Checks a row as {@link #append} would and keeps it in the sample, ending the sample once full. */
    private void hold(String partition, Object[] row) throws IOException {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(row, "row");
        partitionDir(partition);
        rowWriters.check(row);
        if (sample.add(partition, row)) {
            endSample();
        }
    }

    /** Chooses dictionary encoding from the held rows, then writes them in the order they came. */
    private void endSample() throws IOException {
        DictionarySample held = sample;
        sample = null;
        dictionary = held.choose(schema, options);
        log.debug("dictionary encoding from a sample of {} rows: {}", held.size(), dictionaryColumns());
        for (int i = 0; i < held.size(); i++) {
            try {
                append(held.partition(i), held.row(i));
            } catch (InvalidRowException e) {
                // It passed the check on arrival, so the caller has changed it since: fail rather
                // than let the caller take a row it believes written for a rejected one.
                state = State.FAILED;
                throw new IllegalStateException("a row was modified after it was passed to write()", e);
            }
        }
    }

    private void append(String partition, Object[] row) throws IOException {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(row, "row");
        long seq = ++appended;
        RowFileWriter file = partition.equals(lastPartition) ? lastFile : open.get(partition);
        SpillFile.Writer spill = null;
        if (file == null) {
            spill = spills.get(partition);
            // Reject a bad row before it reaches a spill or creates a file or spill for it.
            rowWriters.check(row);
            if (spill == null) {
                Path dir = partitionDir(partition);
                try {
                    if (open.size() < options.maxOpenFiles() || leastRecentlyWrittenIsCold(seq)) {
                        file = openFile(partition, dir);
                    } else {
                        spill = startSpill(partition);
                    }
                } catch (IOException | RuntimeException | Error e) {
                    state = State.FAILED;
                    throw e;
                }
            }
        }
        try {
            if (spill != null) {
                spill.write(row);
                spilledRows++;
                return;
            }
            boolean runDue = file.hold(row);
            file.writtenAt(seq);
            lastPartition = partition;
            lastFile = file;
            if (runDue) {
                file.writeHeld();
                if (file.dataSize() >= options.targetFileBytes()) {
                    closeFile(partition, file);
                }
            }
        } catch (InvalidRowException e) {
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            state = State.FAILED;
            throw e;
        }
    }

    /** After a replayed row went to {@code file}: remembers it as the last written, and closes it once large enough. */
    private void written(String partition, RowFileWriter file, long seq) throws IOException {
        file.writtenAt(seq);
        lastPartition = partition;
        lastFile = file;
        if (file.reached(options.targetFileBytes())) {
            closeFile(partition, file);
        }
    }

    private boolean leastRecentlyWrittenIsCold(long seq) {
        RowFileWriter eldest = open.values().iterator().next();
        return seq - eldest.lastWrittenAt() > coldAfterRows;
    }

    private RowFileWriter openFile(String partition, Path dir) throws IOException {
        if (open.size() >= options.maxOpenFiles()) {
            evictLeastRecentlyWritten();
        }
        RowFileWriter file = createFile(partition, dir);
        open.put(partition, file);
        return file;
    }

    private SpillFile.Writer startSpill(String partition) throws IOException {
        if (spillDir == null) {
            Path dir = workDir.resolve(SPILL_FOLDER);
            createDirectories(dir);
            spillDir = dir;
        }
        // Numbered, not named after the partition, which may be nested; the prefix keeps writers
        // that share a workDir apart.
        Path path = spillDir.resolve(fileNamePrefix + "-" + (spillFiles.size() + 1) + ".rows");
        SpillFile.Writer spill = new SpillFile.Writer(path, rowWriters);
        spillFiles.add(path);
        spills.put(partition, spill);
        log.debug("spilling {} to {}: all {} open files were written within the last {} rows", partition, path,
                open.size(), coldAfterRows);
        return spill;
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
        RowFileWriter file = RowFileWriter.create(partition, path, schema, messageType, rowWriters, options, dictionary,
                sharedCodecs, buffers);
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
     * Closes every open file (writing footers), writes the spilled rows into their partitions' files
     * and deletes the spill files, then returns all files written, ordered by partition and file
     * name. Calling it again returns the same list.
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
            if (sample != null) {
                endSample();
            }
            while (!open.isEmpty()) {
                Map.Entry<String, RowFileWriter> next = open.entrySet().iterator().next();
                closeFile(next.getKey(), next.getValue());
            }
            while (!spills.isEmpty()) {
                Map.Entry<String, SpillFile.Writer> next = spills.entrySet().iterator().next();
                replay(next.getKey(), next.getValue());
            }
            removeSpillDir();
        } catch (IOException | RuntimeException | Error e) {
            state = State.FAILED;
            throw e;
        }
        codecs.release();
        state = State.FINISHED;
        return sorted();
    }

    /** Writes a spilled partition's rows, in order, into its next files, then deletes the spill. */
    private void replay(String partition, SpillFile.Writer spill) throws IOException {
        spill.close();
        // From here its rows go to the partition's files; no other file is open.
        spills.remove(partition);
        int filesBefore = written.size();
        long replayed = 0;
        try (SpillFile.Reader reader = new SpillFile.Reader(spill.path())) {
            while (reader.next()) {
                // No other file is open: the partition's file, or a new one (checked when spilled).
                long seq = ++appended;
                RowFileWriter file = open.get(partition);
                if (file == null) {
                    file = openFile(partition, partitionDir(partition));
                }
                try {
                    file.writeSpilled(reader.buffer(), reader.rowStart(), reader.rowEnd());
                } catch (CorruptSpillException e) {
                    throw reader.corrupt(e.getMessage());
                }
                written(partition, file, seq);
                replayed++;
            }
        }
        if (replayed != spill.rows()) {
            throw new IOException("spill file " + spill.path() + " held " + replayed + " rows of " + partition
                    + " instead of " + spill.rows());
        }
        // Close it before the next partition: one file open at a time, whatever the partition count.
        RowFileWriter file = open.get(partition);
        if (file != null) {
            closeFile(partition, file);
        }
        Files.delete(spill.path());
        log.debug("wrote {} spilled rows of {} into {} file(s)", spill.rows(), partition, written.size() - filesBefore);
    }

    /** Removes the spill folder if this writer made it; best effort, as it holds no data any more. */
    private void removeSpillDir() {
        if (spillDir != null && createdDirs.contains(spillDir)) {
            try {
                deleteIfEmpty(spillDir);
            } catch (IOException | RuntimeException e) {
                log.warn("could not remove {}: {}", spillDir, e.toString());
            }
        }
    }

    private List<WrittenFile> sorted() {
        List<WrittenFile> files = new ArrayList<>(written);
        files.sort(Comparator.comparing(WrittenFile::partition).thenComparing(WrittenFile::fileName));
        return List.copyOf(files);
    }

    /**
     * Closes every open file without completing it and deletes every file this writer created,
     * finished ones and spill files included, then the folders it created if they are empty. Never throws;
     * failures to delete are logged. Safe to call more than once.
     */
    public void abort() {
        if (state == State.ABORTED) {
            return;
        }
        state = State.ABORTED;
        sample = null;
        open.values().forEach(RowFileWriter::abort);
        open.clear();
        lastPartition = null;
        lastFile = null;
        for (SpillFile.Writer spill : spills.values()) {
            try {
                spill.close();
            } catch (IOException | RuntimeException e) {
                log.warn("could not close {}: {}", spill.path(), e.toString());
            }
        }
        spills.clear();
        for (Path path : spillFiles) {
            deleteQuietly(path);
        }
        for (Path path : createdFiles) {
            deleteQuietly(path);
        }
        // Deepest first: folders were recorded parent before child.
        for (Iterator<Path> it = createdDirs.descendingIterator(); it.hasNext(); ) {
            Path dir = it.next();
            try {
                deleteIfEmpty(dir);
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

    /** Rows accepted so far, held ones included (rejected rows not counted). */
    public long rowsWritten() {
        return rows;
    }

    /**
     * Bytes so far: sizes of completed files plus written and buffered bytes of open ones; rows still
     * held for the dictionary sample count once they are written, spilled rows once
     * {@link #finish()} has written them.
     */
    public long bytesWritten() {
        long bytes = closedBytes;
        for (RowFileWriter file : open.values()) {
            bytes += file.dataSize() + file.heldBytes();
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
     * Columns written with dictionary encoding enabled, in schema order; empty until the sample is
     * complete. parquet-java still falls back to plain in a column chunk whose dictionary does not
     * pay, and never builds one for booleans or (in the v1 pages written here) decimals of more
     * than 18 digits.
     */
    public List<String> dictionaryColumns() {
        List<String> names = new ArrayList<>();
        for (int i = 0; dictionary != null && i < dictionary.length; i++) {
            if (dictionary[i]) {
                names.add(schema.column(i).name());
            }
        }
        return List.copyOf(names);
    }

    /**
     * Files closed early, while cold, to stay within {@code maxOpenFiles}. Many evictions mean
     * partitions came back after going cold, which produces small files.
     */
    public long evictions() {
        return evictions;
    }

    /**
     * Rows that went to a spill file because every open file was hot (see the class comment); they
     * reach their partition's files at {@link #finish()}.
     */
    public long spilledRows() {
        return spilledRows;
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

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                deleteQuietly(dir);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete {}: {}", path, e.toString());
        }
    }
}
