package io.shardlake.engine.sink;

import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.engine.run.PipelineSinks;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunLane;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.ShardTaskRef;
import io.shardlake.engine.run.VersionPointer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sinks of every pipeline, as the runner uses them: {@link #check} before a run writes,
 * {@link #deliver} after it committed. Deliveries go through the ledger, oldest first; a sink
 * that fails keeps the rest of that pipeline's deliveries to it waiting (so it never sees runs
 * out of order), and the next run tries again, so a run committed while Athena or Redshift was
 * down reaches it later rather than never.
 */
public final class RunSinks implements PipelineSinks, VersionPointer {

    private static final Logger log = LoggerFactory.getLogger(RunSinks.class);

    private final List<TableSink> sinks;
    private final SinkDeliveries ledger;
    private final RunRepository runs;
    private final PartitionGenerations generations;
    private final boolean storeMovesFolders;
    private final Clock clock;

    /** @param storeMovesFolders whether the lake renames a backfill's generation into its partition folder (a local lake) */
    public RunSinks(List<TableSink> sinks, SinkDeliveries ledger, RunRepository runs, PartitionGenerations generations,
                    boolean storeMovesFolders, Clock clock) {
        this.sinks = List.copyOf(sinks);
        this.ledger = ledger;
        this.runs = runs;
        this.generations = generations;
        this.storeMovesFolders = storeMovesFolders;
        this.clock = clock;
    }

    /**
     * Before a run writes any file: every sink of the pipeline must accept its output.
     *
     * @throws SinkRefusedException naming the sink and the problem; nothing was written or changed
     */
    @Override
    public void check(PipelinePlan plan, boolean backfill) {
        if (sinks.isEmpty()) {
            return; // the lake only: nothing to derive
        }
        SinkTable table = SinkTable.of(plan);
        for (TableSink sink : servingSinks(table)) {
            try {
                sink.check(table, backfill);
            } catch (SinkRefusedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SinkRefusedException(sink.name(), "could not check the table before writing: " + e.getMessage(), e);
            }
        }
    }

    /**
     * After a run: records it for each sink when it committed files, then delivers the pipeline's
     * pending runs to each sink, oldest first.
     *
     * @param committed whether the run's files are live in the lake (a failed backfill chunk's are not)
     * @return one message per sink that failed; empty when every sink is up to date
     */
    @Override
    public List<String> deliver(PipelinePlan plan, RunRecord run, boolean committed) {
        if (sinks.isEmpty()) {
            return List.of();
        }
        SinkTable table = SinkTable.of(plan);
        List<TableSink> serving = servingSinks(table);
        if (serving.isEmpty()) {
            return List.of();
        }
        boolean backfill = run.lane() == RunLane.BACKFILL;
        // Each run's files are read once per call, however many sinks take it.
        Map<String, CommittedRun> read = new HashMap<>();
        try {
            if (committed && !read.computeIfAbsent(run.id(), id -> committedRun(table, id, backfill)).dataFiles().isEmpty()) {
                serving.forEach(s -> ledger.add(s.name(), run.pipeline(), run.id(), backfill, clock.instant()));
            }
        } catch (RuntimeException e) {
            // The files are committed; only the ledger could not take the run: it must not go unnoticed.
            log.error("pipeline={} run={} could not be recorded for its sinks", run.pipeline(), run.id(), e);
            return List.of("sinks: run " + run.id() + " could not be recorded for delivery to " + serving.stream().map(TableSink::name)
                    .toList() + ": " + e.getMessage() + "; its files are in the lake, deliver them with a backfill of its window");
        }
        return deliverPending(table, run, serving, read);
    }

    /**
     * After a compaction moved partitions of the pipeline to new generations (their rows
     * unchanged): the sinks that read partitions where they live ({@link TableSink#followsRelocations},
     * the Athena catalog on S3) are pointed there, in order with the runs; sinks that load rows never
     * see it. On a local lake the partition folder itself was swapped: nothing to tell.
     *
     * @return one message per sink that failed; empty when every sink is up to date
     */
    @Override
    public List<String> deliverRelocations(PipelinePlan plan, RunRecord compaction) {
        if (sinks.isEmpty() || storeMovesFolders) {
            return List.of();
        }
        SinkTable table = SinkTable.of(plan);
        List<TableSink> serving = servingSinks(table);
        try {
            if (!generations.liveOf(table.folder(), compaction.id()).isEmpty()) {
                serving.stream().filter(TableSink::followsRelocations)
                        .forEach(s -> ledger.add(s.name(), compaction.pipeline(), compaction.id(), true, clock.instant()));
            }
        } catch (RuntimeException e) {
            log.error("pipeline={} run={} could not be recorded for its sinks", compaction.pipeline(), compaction.id(), e);
            return List.of("sinks: compaction " + compaction.id() + " could not be recorded for delivery: " + e.getMessage());
        }
        return deliverPending(table, compaction, serving, new HashMap<>());
    }

    private List<String> deliverPending(SinkTable table, RunRecord run, List<TableSink> serving, Map<String, CommittedRun> read) {
        List<String> errors = new ArrayList<>();
        for (TableSink sink : serving) {
            for (SinkDeliveries.Pending pending : ledger.pending(sink.name(), run.pipeline())) {
                try {
                    sink.deliver(table, read.computeIfAbsent(pending.runId(), id -> committedRun(table, id, pending.backfill())));
                    ledger.delivered(sink.name(), pending.runId(), clock.instant());
                } catch (Exception e) {
                    String message = sink.name() + ": " + e.getMessage() + " (the files of run " + pending.runId()
                            + " are in the lake; the next run delivers them again)";
                    ledger.failed(sink.name(), pending.runId(), message);
                    log.error("pipeline={} run={} sink={} delivery of run {} failed (attempt {})", run.pipeline(), run.id(),
                            sink.name(), pending.runId(), pending.attempts() + 1, e);
                    errors.add(message);
                    break; // the later runs wait, in order
                }
            }
        }
        return errors;
    }

    @Override
    public void prepare(PipelinePlan version, boolean fresh) throws Exception {
        forEachServing(version, "preparing table version " + version.live().version() + " failed",
                (sink, table) -> sink.prepareVersion(table, fresh));
    }

    @Override
    public void show(PipelinePlan version, int previous) throws Exception {
        forEachServing(version, "showing table version " + version.live().version() + " failed",
                (sink, table) -> sink.showVersion(table, previous), java.util.Comparator.comparing(TableSink::showsLast));
    }

    @Override
    public void drop(PipelinePlan version) throws Exception {
        forEachServing(version, "dropping table version " + version.live().version() + " failed", TableSink::dropVersion);
    }

    @FunctionalInterface
    private interface VersionStep {
        void apply(TableSink sink, SinkTable table) throws Exception;
    }

    /** Every sink of the version's pipeline in order; the first that fails stops the step, its name in the message. */
    private void forEachServing(PipelinePlan version, String what, VersionStep step) throws Exception {
        forEachServing(version, what, step, (a, b) -> 0);
    }

    /** As above, the sinks in {@code order} (a stable sort of the configured order). */
    private void forEachServing(PipelinePlan version, String what, VersionStep step, java.util.Comparator<TableSink> order)
            throws Exception {
        SinkTable table = SinkTable.of(version);
        for (TableSink sink : servingSinks(table).stream().sorted(order).toList()) {
            try {
                step.apply(sink, table);
            } catch (Exception e) {
                throw new IllegalStateException(sink.name() + ": " + what + ": " + e.getMessage(), e);
            }
        }
    }

    /** Forgets the deliveries made more than {@code retention} ago (bounded per call); pending ones stay until delivered. */
    public int forgetDelivered(java.time.Duration retention) {
        return ledger == null ? 0 : ledger.forgetDelivered(clock.instant().minus(retention), 1000);
    }

    private List<TableSink> servingSinks(SinkTable table) {
        return sinks.stream().filter(s -> s.serves(table)).toList();
    }

    /** The run's committed data files where they are now, and their partitions. */
    private CommittedRun committedRun(SinkTable table, String runId, boolean backfill) {
        List<PublishedFile> files = dataFiles(runId);
        TreeSet<String> partitions = new TreeSet<>();
        for (PublishedFile file : files) {
            String partition = LakeLayout.partitionOf(file.key());
            if (partition != null) {
                partitions.add(partition);
            }
        }
        Map<String, String> relocated = new LinkedHashMap<>();
        List<PublishedFile> current = files;
        if (backfill && storeMovesFolders) {
            current = files.stream().map(f -> new PublishedFile(movedIntoPartition(table.folder(), f.key(), runId), f.kind(), f.rows(),
                    f.bytes())).toList();
        } else if (backfill) {
            // a backfill chunk's partitions, or a compaction's (which has no files of its own)
            generations.liveOf(table.folder(), runId).forEach(g -> relocated.put(g.partition(), g.location()));
            partitions.addAll(relocated.keySet());
        }
        return new CommittedRun(runId, table.pipeline(), backfill, current, List.copyOf(partitions), relocated);
    }

    /** A local lake renamed the chunk's generation folder to the partition folder: the file's key there. */
    private static String movedIntoPartition(String table, String key, String runId) {
        String partition = LakeLayout.partitionOf(key);
        if (partition == null) {
            return key;
        }
        String generation = LakeLayout.generationFolder(table, partition, runId);
        return key.startsWith(generation) ? LakeLayout.partitionFolder(table, partition) + key.substring(generation.length()) : key;
    }

    private List<PublishedFile> dataFiles(String runId) {
        List<PublishedFile> keys = new ArrayList<>();
        for (ShardRunRecord s : runs.shardRuns(runId)) {
            if (s.state() != ShardRunState.SUCCEEDED) {
                continue;
            }
            for (PublishedFile f : runs.files(new ShardTaskRef(runId, s.shard(), s.attempt(), 0))) {
                if (f.kind() == PublishedFile.Kind.DATA) {
                    keys.add(f);
                }
            }
        }
        return keys;
    }
}
