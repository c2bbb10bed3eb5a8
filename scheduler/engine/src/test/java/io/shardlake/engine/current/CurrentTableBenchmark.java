package io.shardlake.engine.current;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.parquet.ParquetOptions;
import io.shardlake.connectors.parquet.PartitionedParquetWriter;
import io.shardlake.connectors.parquet.WrittenFile;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcCurrentTables;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.sink.CommittedRun;
import io.shardlake.engine.sink.SinkTable;
import io.shardlake.transforms.schema.RowSchema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Current-table upkeep (a main, not a test): a table of {@code bench.keys} orders over
 * {@code bench.shards} shards whose lake holds {@code bench.versions} versions of every key (each
 * version written by its own run, as a pipeline running for a while leaves it), its current-state
 * table built, then runs of growing size (keys changed at random, the costliest case for key
 * buckets) applied through {@link CurrentTableUpdater}: the wall time, rows and bytes rewritten
 * per run, medians of {@code bench.rounds}. Then the bytes a reader scans, taken from the files'
 * own Parquet metadata (row groups a min/max-pruning reader such as Athena's must read):
 * a current-state query and a point lookup on the current table versus over every version (the
 * {@code _latest} view). A share of the versions ({@code bench.deleteFraction}) are deletes (tombstones).
 */
public final class CurrentTableBenchmark {

    private static final PipelineDefinition ORDERS = new DefinitionParser(Set.of("shop")).parse("orders.yaml", """
            name: orders
            schedule: "*/15 * * * *"
            source:
              connection: shop
              table: orders
              events: {}
            transform:
              columns:
                - {name: order_id, from: id, type: bigint}
                - {name: status, type: string}
                - {name: amount, type: "decimal(12,2)"}
                - {name: note, type: string}
                - {name: updated_at, type: timestamp}
            target: {current: true}
            """);
    private static final String[] STATUSES = {"new", "paid", "shipped", "delivered", "returned"};

    private final int shards = Integer.getInteger("bench.shards", 4);
    private final int keys = Integer.getInteger("bench.keys", 400_000);
    private final int versions = Integer.getInteger("bench.versions", 10);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    private final int bucketRows = Integer.getInteger("bench.bucketRows", CurrentSettings.DEFAULT_BUCKET_ROWS);
    /** Share of the versions after the first that are deletes (tombstones). */
    private final double deleteFraction = Double.parseDouble(System.getProperty("bench.deleteFraction", "0.01"));
    private final List<Integer> runSizes = Stream.of(System.getProperty("bench.runSizes", "100,1000,10000,100000").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    private final Path dir = Path.of(System.getProperty("bench.dir", "target/bench-current")).toAbsolutePath();

    private final SinkTable table = SinkTable.of(PipelinePlan.of(ORDERS));
    private final RowSchema schema = table.schema();
    private final SplittableRandom random = new SplittableRandom(42);
    private Instant clock = Instant.parse("2026-11-01T00:00:00Z");
    private long runSeq;
    private LocalObjectStore lake;

    public static void main(String[] args) throws Exception {
        new CurrentTableBenchmark().run();
    }

    private void run() throws Exception {
        deleteTree(dir);
        lake = new LocalObjectStore(Files.createDirectories(dir.resolve("warehouse")));
        Path work = Files.createDirectories(dir.resolve("work"));
        CurrentTableUpdater updater = new CurrentTableUpdater(lake, new JdbcCurrentTables(MetadataDatabases.h2("bench_current")),
                new CurrentSettings(bucketRows, Duration.ofMinutes(10), Duration.ZERO), work, "bench", Clock.systemUTC());
        System.out.printf("current-table upkeep: %d shards x %d keys, %d versions per key in the lake, buckets of %d rows%n", shards,
                keys / shards, versions, bucketRows);
        long start = System.nanoTime();
        for (int v = 1; v <= versions; v++) {
            CommittedRun run = writeRun(allKeys());
            if (v == 1) {
                CurrentTableUpdater.Result built = updater.apply(table, run);
                System.out.printf("first load into the current table: %,d rows in %.1f s%n", built.rowsIn(), seconds(start));
            } else {
                updater.apply(table, run);
            }
        }
        System.out.printf("lake with %,d versions and its current table built in %.1f s%n%n", (long) keys * versions, seconds(start));

        System.out.println("| keys changed by the run | wall (median) | rows read from the run | buckets rewritten | rows rewritten"
                + " | rows rewritten per key changed | bytes written |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int size : runSizes) {
            List<Long> walls = new ArrayList<>();
            CurrentTableUpdater.Result last = null;
            for (int r = 0; r < rounds; r++) {
                CommittedRun run = writeRun(randomKeys(size));
                long t = System.nanoTime();
                last = updater.apply(table, run);
                walls.add(System.nanoTime() - t);
            }
            walls.sort(Comparator.naturalOrder());
            System.out.printf("| %,d | %.2f s | %,d | %,d | %,d | %,.0f | %,d |%n", size, walls.get(walls.size() / 2) / 1e9, last.rowsIn(),
                    last.bucketsRewritten(), last.rowsRewritten(), (double) last.rowsRewritten() / size, last.bytesWritten());
        }
        readerBytes();
    }

    /** Bytes a min/max-pruning reader reads: every row group, or those whose statistics may hold one key. */
    private void readerBytes() throws Exception {
        CurrentTableFiles current = new CurrentTableFiles(lake.root(), "orders_current");
        String currentFiles = current.files().stream().map(p -> DuckDbLake.literal(p.toString())).collect(Collectors.joining(", "));
        String lakeFiles = DuckDbLake.literal(lake.root().resolve("orders") + "/*/*.parquet");
        long key = keys / 2 / shards;
        String shard = shardName((int) (keys / 2 % shards));
        System.out.printf("%nbytes a reader scans (Parquet metadata: column chunks of the row groups it must read; footers not counted)%n");
        System.out.println("| query | over every version (the _latest view) | the current table | ratio |");
        System.out.println("|---|---|---|---|");
        long lakeAll = scanned(lakeFiles, null, null);
        long currentAll = scanned("[" + currentFiles + "]", null, null);
        System.out.printf("| current state, every column | %,d | %,d | %.1fx |%n", lakeAll, currentAll, (double) lakeAll / currentAll);
        long lakeOne = scanned(lakeFiles, shard, key);
        long currentOne = scanned("[" + currentFiles + "]", shard, key);
        System.out.printf("| point lookup (_shard = '%s' AND order_id = %d), every column | %,d | %,d | %.1fx |%n", shard, key, lakeOne,
                currentOne, (double) lakeOne / currentOne);
        System.out.printf("files: %d in the lake, %d in the current table%n",
                (long) DuckDbLake.query("SELECT count(DISTINCT file_name) AS n FROM parquet_metadata(" + lakeFiles + ")").get(0).get("n"),
                current.files().size());
    }

    private static long scanned(String files, String shard, Long key) {
        String where = shard == null ? "" : " WHERE (file_name, row_group_id) IN (SELECT file_name, row_group_id FROM parquet_metadata("
                + files + ") GROUP BY ALL HAVING bool_and(CASE path_in_schema WHEN '_shard' THEN stats_min_value <= '" + shard
                + "' AND stats_max_value >= '" + shard + "' WHEN 'order_id' THEN CAST(stats_min_value AS BIGINT) <= " + key
                + " AND CAST(stats_max_value AS BIGINT) >= " + key + " ELSE true END))";
        Object n = DuckDbLake.query("SELECT coalesce(sum(total_compressed_size), 0) AS n FROM parquet_metadata(" + files + ")" + where)
                .get(0).get("n");
        return ((Number) n).longValue();
    }

    private List<long[]> allKeys() {
        List<long[]> all = new ArrayList<>(keys);
        for (int k = 0; k < keys; k++) {
            all.add(new long[] {k % shards, k / shards + 1});
        }
        return all;
    }

    private List<long[]> randomKeys(int n) {
        List<long[]> picked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(keys);
            picked.add(new long[] {k % shards, k / shards + 1});
        }
        return picked;
    }

    /** Writes one run's files (one per shard, into today's partition) with a new version of each key, as the lake holds them. */
    private CommittedRun writeRun(List<long[]> changed) throws Exception {
        clock = clock.plusSeconds(900);
        runSeq++;
        String runId = "r" + runSeq;
        String dt = "dt=" + clock.toString().substring(0, 10);
        Path out = Files.createDirectories(dir.resolve("work/run-" + runSeq));
        List<PublishedFile> files = new ArrayList<>();
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(schema, ParquetOptions.defaults(), out, runId + "-x-a1")) {
            for (long[] k : changed) {
                writer.write(dt, row(shardName((int) k[0]), k[1], runId, runSeq > 1 && random.nextDouble() < deleteFraction));
            }
            for (WrittenFile f : writer.finish()) {
                String key = "orders/" + dt + "/" + f.fileName();
                lake.publish(f.localPath(), key);
                files.add(new PublishedFile(key, PublishedFile.Kind.DATA, f.rows(), f.bytes()));
            }
        }
        deleteTree(out);
        return new CommittedRun(runId, "orders", false, files, List.of(dt), Map.of());
    }

    private Object[] row(String shard, long id, String runId, boolean deleted) {
        Object[] row = new Object[schema.size()];
        Instant updated = clock.minusMillis(random.nextInt(900_000));
        for (int i = 0; i < schema.size(); i++) {
            row[i] = switch (schema.column(i).name()) {
                case "order_id" -> id;
                case "status" -> deleted ? null : STATUSES[random.nextInt(STATUSES.length)];
                case "amount" -> deleted ? null : BigDecimal.valueOf(random.nextInt(1_000_000), 2);
                case "note" -> deleted ? null : "note " + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
                case "updated_at" -> updated;
                case "_shard" -> shard;
                case "_extracted_at" -> clock;
                case "_run_id" -> runId;
                case "_run_seq" -> runSeq;
                case "_deleted" -> deleted;
                default -> null;
            };
        }
        return row;
    }

    private static String shardName(int n) {
        return String.format("shard%02d", n + 1);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

}
