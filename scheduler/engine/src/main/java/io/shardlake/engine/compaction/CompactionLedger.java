package io.shardlake.engine.compaction;

import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What compaction asks the metadata database: where small files were written, and whether a file's rows are committed. */
public interface CompactionLedger {

    /**
     * Data files written by the pipeline's incremental runs queued after its newest compaction run
     * was queued (whatever became of it), counting no run queued before {@code notBefore}.
     */
    int filesSinceLastCompaction(String pipeline, Instant notBefore);

    /** When the pipeline's newest compaction that ended SUCCEEDED or SKIPPED, other than {@code exceptRunId}, was queued. */
    Optional<Instant> lastCompaction(String pipeline, String exceptRunId);

    /** Partition folders of the data files the pipeline's incremental runs queued at or after {@code since} wrote. */
    java.util.Set<String> partitionsWrittenSince(String pipeline, Instant since);

    /**
     * Intervals of the pipeline's backfill chunks that are running, or were started and wait to
     * continue after a crash: their partitions may be half way through a switch.
     */
    List<DataInterval> unfinishedBackfillChunks(String pipeline);

    /** What the metadata database knows about the runs that wrote files ({@code runIds}); unknown ids are left out. */
    Map<String, WriterRun> writers(Collection<String> runIds);

    /**
     * A run whose name a data file carries.
     *
     * @param undelivered whether a sink still waits for it (its files must stay where the ledger says)
     * @param tasks       its shard tasks by {@link #taskKey}
     */
    record WriterRun(TriggerKind trigger, RunState state, boolean undelivered, Map<String, WriterTask> tasks) {
    }

    /** One shard task attempt; {@code finishedAt} null while unfinished. */
    record WriterTask(ShardRunState state, Instant finishedAt) {
    }

    static String taskKey(String shard, int attempt) {
        return shard + "#" + attempt;
    }
}
