package io.shardlake.engine.compaction;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.engine.run.PipelineSinks;
import io.shardlake.engine.run.RunControl;
import io.shardlake.engine.run.RunExecutor;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.schedule.DataInterval;
import io.shardlake.transforms.PartitionGranularity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a run of trigger COMPACTION: compacts the partitions the pipeline's incremental runs
 * wrote to since its last compaction, up to {@code max-files-per-run} small files.
 *
 * <p>Why this is safe next to the writers: a compaction is a run of the pipeline's incremental
 * lane, so no scheduled or EVENT run of the pipeline writes while it runs (the queue claims one
 * incremental run at a time); the queue also starts no backfill chunk of the pipeline while a
 * compaction runs or waits to finish a switch, and a compaction leaves alone the partitions of
 * chunks that run. A compaction taken over after a crash is continued before any other incremental
 * run of its pipeline starts, so a local partition folder half swapped is completed before anyone
 * appends to it.
 */
public final class CompactionRunner implements RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(CompactionRunner.class);

    private final ObjectStore store;
    private final PartitionReplacer replacer;
    private final CompactionLedger ledger;
    private final CompactionSettings settings;
    private final PartitionCompactor compactor;
    private final Clock clock;

    public CompactionRunner(ObjectStore store, PartitionReplacer replacer, PartitionGenerations generations, CompactionLedger ledger,
                            CompactionSettings settings, Path workDirectory, Clock clock) {
        this.store = store;
        this.replacer = replacer;
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
        this.compactor = new PartitionCompactor(store, replacer, generations, ledger, settings, workDirectory, clock);
    }

    /** Never throws; the result's state is QUEUED when a partition is half switched and the run must be continued. */
    @Override
    public RunResult execute(RunRecord run, PipelinePlan plan, RunControl control, PipelineSinks sinks) {
        PipelineDefinition definition = plan.definition();
        try {
            if (!store.movesFolders()) {
                sinks.check(plan, true); // on S3 a catalog must be able to follow a partition to its new location
            }
        } catch (RuntimeException e) {
            return new RunResult(RunState.FAILED, ShardCounts.NONE, e.getMessage());
        }
        String table = plan.live().folder();
        ShardCounts totals = ShardCounts.NONE;
        int budget = settings.maxFilesPerRun();
        boolean switched = false;
        String partition = null;
        try {
            Set<String> busy = backfilledPartitions(definition);
            for (String p : partitions(definition, run)) {
                partition = p;
                if (budget < settings.minFiles() || control.stopped() != null) {
                    break;
                }
                if (busy.contains(p)) {
                    log.info("pipeline={} partition={}: a backfill chunk is replacing it; not compacted now", run.pipeline(), p);
                    continue;
                }
                PartitionCompactor.Result r = compactor.compact(plan, p, run, budget, () -> control.stopped() != null);
                switched |= r.switched();
                budget -= r.filesIn();
                totals = totals.plus(new ShardCounts(r.rows(), 0, r.rows(), 0, r.filesOut(), r.bytes()));
            }
        } catch (Exception e) {
            log.error("pipeline={} run={} compaction of {} failed", run.pipeline(), run.id(), partition, e);
            String error = "compacting " + table + "/" + partition + " failed: " + e.getMessage();
            if (halfSwitched(table, partition, run)) {
                return new RunResult(RunState.QUEUED, totals, error + "; the partition is half switched: the run is continued");
            }
            return finish(plan, run, RunState.FAILED, totals, error + "; readers still see the partition's old generation", sinks,
                    switched);
        }
        RunControl.Stop stop = control.stopped();
        if (stop != null) {
            return finish(plan, run, stop.state(), totals, stop.reason(), sinks, switched);
        }
        return finish(plan, run, switched ? RunState.SUCCEEDED : RunState.SKIPPED, totals, null, sinks, switched);
    }

    /** Points sinks that read partitions where they live (Athena on S3) at the new generations. */
    private RunResult finish(PipelinePlan plan, RunRecord run, RunState state, ShardCounts totals, String error, PipelineSinks sinks,
                             boolean switched) {
        if (switched) {
            List<String> undelivered = sinks.deliverRelocations(plan, run);
            if (!undelivered.isEmpty()) {
                String message = String.join("; ", undelivered);
                return new RunResult(RunState.FAILED, totals, error == null ? message : error + "; " + message);
            }
        }
        return new RunResult(state, totals, error);
    }

    private boolean halfSwitched(String table, String partition, RunRecord run) {
        try {
            return partition != null && replacer.switchStarted(table, partition, run.id());
        } catch (Exception e) {
            return true; // cannot tell: continuing is always safe
        }
    }

    /** Partitions of the files the pipeline's incremental runs wrote since its last compaction (less its minimum age), oldest first. */
    private List<String> partitions(PipelineDefinition definition, RunRecord run) {
        Instant now = clock.instant();
        Instant since = ledger.lastCompaction(run.pipeline(), run.id()).map(t -> t.minus(settings.minAge()))
                .orElse(now.minus(settings.horizon()));
        return new ArrayList<>(new TreeSet<>(ledger.partitionsWrittenSince(run.pipeline(), since)));
    }

    /** Partitions of the pipeline's backfill chunks that run or wait to finish a switch. */
    private Set<String> backfilledPartitions(PipelineDefinition definition) {
        PartitionGranularity granularity = definition.partition().granularity();
        Set<String> partitions = new HashSet<>();
        for (DataInterval chunk : ledger.unfinishedBackfillChunks(definition.name())) {
            for (Instant p = granularity.start(chunk.start()); p.isBefore(chunk.end()); p = granularity.next(p)) {
                partitions.add(granularity.folderOf(p));
            }
        }
        return partitions;
    }
}
