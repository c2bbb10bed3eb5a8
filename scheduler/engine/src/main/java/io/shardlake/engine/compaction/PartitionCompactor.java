package io.shardlake.engine.compaction;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.parquet.ParquetRowReader;
import io.shardlake.connectors.parquet.PartitionedParquetWriter;
import io.shardlake.connectors.parquet.WrittenFile;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.lake.PartitionGenerations.Generation;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.transforms.schema.RowSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts one partition: rewrites its small committed files ({@link CompactionSelection}) into
 * files of the target size, one shard per file (a backfill of some shards still replaces exactly
 * theirs), every row unchanged, with the table's Parquet options; then makes the
 * result the partition's new generation with the files it did not rewrite carried over
 * ({@link PartitionReplacer#switchTo}: a folder swap on a local lake, a new live location on S3),
 * compare-and-set on the generation it read, so a partition a backfill switched meanwhile is given up.
 */
final class PartitionCompactor {

    private static final Logger log = LoggerFactory.getLogger(PartitionCompactor.class);

    /** What became of a partition. */
    record Result(boolean switched, int filesIn, int filesOut, long rows, long bytes) {
        static final Result UNCHANGED = new Result(false, 0, 0, 0, 0);
    }

    private final ObjectStore store;
    private final PartitionReplacer replacer;
    private final PartitionGenerations generations;
    private final CompactionLedger ledger;
    private final CompactionSettings settings;
    private final Path workDirectory;
    private final Clock clock;

    PartitionCompactor(ObjectStore store, PartitionReplacer replacer, PartitionGenerations generations, CompactionLedger ledger,
                       CompactionSettings settings, Path workDirectory, Clock clock) {
        this.store = store;
        this.replacer = replacer;
        this.generations = generations;
        this.ledger = ledger;
        this.settings = settings;
        this.workDirectory = workDirectory;
        this.clock = clock;
    }

    /**
     * @param budget  small files it may rewrite at most
     * @param stopped asked between files: true ends the compaction of this partition, nothing switched
     */
    Result compact(PipelinePlan plan, String partition, RunRecord run, int budget, BooleanSupplier stopped) throws Exception {
        String table = plan.live().folder();
        String expected = generations.live(table, partition).map(Generation::runId).orElse(PartitionGenerations.ORIGINAL);
        if (expected.equals(run.id())) {
            return Result.UNCHANGED; // switched by an earlier attempt of this run
        }
        if (replacer.switchStarted(table, partition, run.id())) {
            // A crash half way through a local swap: finish it (its files are complete), never start over.
            replacer.switchTo(table, partition, run.id(), expected, key -> false, true);
            return new Result(true, 0, 0, 0, 0);
        }
        replacer.discard(table, List.of(partition), run.id()); // what an earlier attempt staged, never visible
        String liveFolder = replacer.liveFolder(table, partition);
        SortedMap<String, Long> files = dataFiles(liveFolder);
        Set<String> runIds = new HashSet<>();
        files.keySet().forEach(k -> {
            LakeLayout.DataFile f = LakeLayout.dataFileOf(k);
            if (f != null) {
                runIds.add(f.runId());
            }
        });
        CompactionSelection selection = CompactionSelection.of(files, ledger.writers(runIds), settings, clock.instant(), budget);
        if (selection.isEmpty()) {
            return Result.UNCHANGED;
        }
        Path work = Files.createDirectories(workDirectory.resolve("compaction-" + run.id() + "-" + partition));
        try {
            Set<String> replaced = new HashSet<>(selection.dropped());
            int filesIn = 0;
            int filesOut = 0;
            long rows = 0;
            long bytes = 0;
            String staged = LakeLayout.generationFolder(table, partition, run.id());
            for (Map.Entry<String, List<String>> shard : selection.inputs().entrySet()) {
                Rewritten r = rewrite(plan.transform().outputSchema(), plan, partition, run, shard.getKey(), shard.getValue(), work, stopped);
                if (r == null) {
                    return Result.UNCHANGED;
                }
                for (WrittenFile f : r.files()) {
                    store.publish(f.localPath(), staged + f.fileName());
                    bytes += f.bytes();
                }
                replaced.addAll(r.inputs());
                filesIn += r.inputs().size();
                filesOut += r.files().size();
                rows += r.rows();
            }
            if (stopped.getAsBoolean()) {
                replacer.discard(table, List.of(partition), run.id());
                return Result.UNCHANGED;
            }
            if (!replacer.switchTo(table, partition, run.id(), expected, replaced::contains, true)) {
                log.warn("table={} partition={}: another generation became live while compaction {} rewrote it; given up, nothing"
                        + " changed", table, partition, run.id());
                replacer.discard(table, List.of(partition), run.id());
                return Result.UNCHANGED;
            }
            log.info("table={} partition={} compacted: {} files with {} rows into {} ({} bytes)", table, partition, filesIn, rows,
                    filesOut, bytes);
            return new Result(true, filesIn, filesOut, rows, bytes);
        } finally {
            deleteTree(work);
        }
    }

    /** The files one shard's inputs became, and the inputs actually rewritten. */
    private record Rewritten(List<String> inputs, List<WrittenFile> files, long rows) {
    }

    /**
     * Rewrites one shard's files; a file whose columns are not the table's current ones (written
     * before a column was added) is left out and carried over unchanged. Null when stopped.
     */
    private Rewritten rewrite(RowSchema schema, PipelinePlan plan, String partition, RunRecord run, String shard, List<String> keys,
                              Path work, BooleanSupplier stopped) throws Exception {
        ParquetRowReader reader = new ParquetRowReader(schema);
        Path shardWork = Files.createDirectories(work.resolve(shard));
        List<String> taken = new java.util.ArrayList<>();
        long read = 0;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(schema,
                plan.parquet().withTargetFileBytes(settings.targetFileBytes()), shardWork.resolve("out"),
                LakeLayout.filePrefix(run.id(), shard, run.attempt()))) {
            try {
                for (String key : keys) {
                    if (stopped.getAsBoolean()) {
                        writer.abort();
                        return null;
                    }
                    Path local = shardWork.resolve("in.parquet");
                    try (InputStream in = store.open(key)) {
                        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
                    }
                    if (!reader.hasSameColumns(local)) {
                        log.info("{} has other columns than the table has now; compaction leaves it as it is", key);
                        continue;
                    }
                    read += reader.read(local, row -> writer.write(partition, row));
                    taken.add(key);
                }
                List<WrittenFile> written = writer.finish();
                long rowsOut = written.stream().mapToLong(WrittenFile::rows).sum();
                if (rowsOut != read) {
                    throw new IllegalStateException("compaction of " + shard + " in " + partition + " read " + read + " rows but wrote "
                            + rowsOut);
                }
                return new Rewritten(taken, written, read);
            } catch (Exception e) {
                writer.abort();
                throw e;
            }
        }
    }

    /** Data files directly in the folder (no markers, nothing in sub-folders), with their sizes. */
    private SortedMap<String, Long> dataFiles(String folder) throws IOException {
        SortedMap<String, Long> files = new TreeMap<>();
        store.sizes(folder).forEach((key, size) -> {
            String name = key.substring(folder.length());
            if (!name.contains("/") && !name.startsWith("_") && name.endsWith(".parquet")) {
                files.put(key, size);
            }
        });
        return files;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not remove {}: {}", root, e.getMessage());
        }
    }
}
