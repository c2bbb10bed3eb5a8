package io.shardlake.engine.benchmark;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.engine.coordinator.BackfillGate;
import io.shardlake.engine.coordinator.CoordinatorSettings;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.coordinator.LiveDefinitions;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.coordinator.RebuildOperations;
import io.shardlake.engine.coordinator.RunCoordinator;
import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.metadata.JdbcAuditLog;
import io.shardlake.engine.metadata.JdbcBackfillStore;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcRebuildStore;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.metadata.JdbcWrittenVersions;
import io.shardlake.engine.rebuild.RebuildInput;
import io.shardlake.engine.rebuild.RebuildProgress;
import io.shardlake.engine.rebuild.RebuildSettings;
import io.shardlake.engine.rebuild.TableVersionSwitch;
import io.shardlake.engine.run.LoadSlices;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * One rebuild of the benchmark pipeline through the real rebuild path: a fresh metadata database
 * (H2, production migrations) and lake, a rebuild started with {@link RebuildOperations} and its
 * shard runs executed by a {@link RunCoordinator} (backfill lane, {@code bench.parallelism} shards
 * at once: the source's per-host bound is twice that, since the backfill lane gets half of it).
 * Timed from the start until every shard has loaded (the switch run, small, is not run); then the
 * new version's folder is checked to hold exactly the source rows, each order once.
 */
final class RebuildRound {

    private final BenchOptions options;
    private final BenchDataset.Contents contents;
    private final RoundMeter meter;
    private final long sliceRows;

    RebuildRound(BenchOptions options, BenchDataset.Contents contents, RoundMeter meter, long sliceRows) {
        this.options = options;
        this.contents = contents;
        this.meter = meter;
        this.sliceRows = sliceRows;
    }

    RoundResult run(int round) throws Exception {
        Path dir = Files.createDirectories(options.workDir()).resolve("rebuild-" + round + "-" + System.nanoTime());
        Path warehouse = dir.resolve("warehouse");
        DataSource metadata = MetadataDatabases.h2("shardlake_bench_rebuild_" + round + "_" + System.nanoTime());
        Clock clock = Clock.systemUTC();
        JdbcRunRepository runs = new JdbcRunRepository(metadata);
        JdbcRunQueue queue = new JdbcRunQueue(metadata);
        JdbcRebuildStore store = new JdbcRebuildStore(metadata);
        LocalObjectStore lake = new LocalObjectStore(warehouse);
        var sources = FullLoadRound.sources(options, contents, 2 * options.parallelism());
        PipelineDefinition definition = BenchPipeline.definition();
        DefinitionLookup lookup = DefinitionLookup.of(definition);
        try (PipelineRunner runner = new PipelineRunner(sources, runs, lake, new PartitionReplacer(lake, new JdbcPartitionGenerations(metadata),
                clock), FullLoadRound.settings(options, dir.resolve("work")).withRebuildSlices(new LoadSlices(sliceRows,
                LoadSlices.DEFAULT.bytes())), clock);
             RunCoordinator node = new RunCoordinator(queue, runner, lookup, new BackfillGate(new JdbcBackfillStore(metadata), store, runs,
                     clock), RunListener.NONE, new CoordinatorSettings("bench", Duration.ofMinutes(10), 2 * options.parallelism(), 100),
                     clock)) {
            runner.rebuildWith(new TableVersionSwitch(store, lake, clock));
            LiveDefinitions live = new LiveDefinitions(lookup, new JdbcWrittenVersions(metadata));
            RunScheduler scheduler = new RunScheduler(queue, clock, (d, at) -> { }, live::forRuns);
            JdbcAuditLog audit = new JdbcAuditLog(metadata, clock);
            PipelineOperations pipelines = new PipelineOperations(() -> new PipelineCatalog(List.of(definition), List.of()), queue, runs,
                    scheduler, () -> { }, audit, clock);
            RebuildOperations rebuilds = new RebuildOperations(pipelines, lookup, live, sources, store, new JdbcBackfillStore(metadata), queue,
                    runs, scheduler, lake, runner::estimateAllRows, new RebuildSettings(100_000, options.parallelism(), Duration.ofDays(7)),
                    () -> { }, audit, clock);

            meter.start();
            String id = rebuilds.start(definition.name(), new RebuildInput(null, options.parallelism(), null, null, false), "bench")
                    .rebuild().id();
            RebuildProgress progress = rebuilds.progress(id);
            while (progress.shardsLoaded() < contents.shards().size()
                    && progress.shardRuns().stream().noneMatch(r -> r.state() == RunState.FAILED || r.state() == RunState.CANCELLED)) {
                node.dispatchDue();
                node.heartbeat();
                Thread.sleep(20);
                progress = rebuilds.progress(id);
            }
            RoundMeter.Cost cost = meter.stop();
            List<RunRecord> shards = progress.shardRuns();
            ShardCounts totals = shards.stream().map(r -> r.totals()).reduce(ShardCounts.NONE, ShardCounts::plus);
            Path table = warehouse.resolve(LakeLayout.versionTable(BenchPipeline.TABLE, 2));
            String check = progress.shardsLoaded() < shards.size()
                    ? "shard runs failed: " + shards.stream().filter(r -> r.error() != null).map(RunRecord::error).toList()
                    : FullLoadRound.check(totals, contents.rows(), table);
            printShards(round, shards);
            FullLoadRound.Output output = check == null ? FullLoadRound.Output.of(table) : FullLoadRound.Output.NONE;
            return new RoundResult(RoundResult.Kind.REBUILD, round, totals.rowsRead(), contents.valueBytes(), cost, output.bytes(),
                    output.files(), check);
        } finally {
            FullLoadRound.shutdown(metadata);
            FullLoadRound.deleteRecursively(dir);
        }
    }

    /** Time per shard (its run, started to loaded), median and slowest. */
    private void printShards(int round, List<RunRecord> shards) {
        List<Double> seconds = shards.stream().filter(r -> r.startedAt() != null && r.finishedAt() != null)
                .map(r -> Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0).sorted().toList();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "shards %d: %d loaded, %d at once, slices of %,d rows; seconds per"
                + " shard: median %.2f, max %.2f |", round, seconds.size(), options.parallelism(), sliceRows,
                seconds.isEmpty() ? Double.NaN : seconds.get(seconds.size() / 2), seconds.isEmpty() ? Double.NaN : seconds.get(seconds.size() - 1)));
        for (RunRecord r : shards) {
            sb.append(' ').append(r.shardSubset().get(0)).append('=').append(r.startedAt() == null || r.finishedAt() == null ? "-"
                    : String.format(Locale.ROOT, "%.2fs", Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0));
        }
        System.out.println(sb);
    }
}
