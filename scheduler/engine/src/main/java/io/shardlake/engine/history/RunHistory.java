package io.shardlake.engine.history;

import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardRunRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Run history read in bulk for the monitoring pages: each method is one indexed query whatever
 * the number of pipelines or runs asked about, so a page costs a fixed few queries (no query per
 * row) and stays fast with a long history.
 */
public interface RunHistory {

    /** The newest {@code perPipeline} runs of each pipeline named, newest first (by queue time, then id); absent: no run yet. */
    default Map<String, List<RunRecord>> recentRuns(Collection<String> pipelines, int perPipeline) {
        return recentRuns(pipelines, perPipeline, RunFilter.ALL);
    }

    /** As {@link #recentRuns(Collection, int)}, only runs the filter shows; absent: no such run yet. */
    Map<String, List<RunRecord>> recentRuns(Collection<String> pipelines, int perPipeline, RunFilter filter);

    /** The state of each named pipeline's newest run; absent: no run yet. */
    default Map<String, RunState> lastRunStates(Collection<String> pipelines) {
        return lastRunStates(pipelines, RunFilter.ALL);
    }

    /** The state of each named pipeline's newest run the filter shows; absent: no such run yet. */
    Map<String, RunState> lastRunStates(Collection<String> pipelines, RunFilter filter);

    /**
     * How many runs of every pipeline were queued in each hour of {@code [from, to)}, by their
     * state now: the fleet's day in one query (on the queue's {@code (state, queued_at)} index).
     * Hours without runs are absent.
     */
    List<RunCount> runsByHour(Instant from, Instant to, RunFilter filter);

    /** {@code runs} runs queued in the hour starting at {@code hour} are now in {@code state}. */
    record RunCount(Instant hour, RunState state, long runs) {
    }

    /** The oldest committed shard watermark of each named pipeline (its freshness); absent before the first commit. */
    Map<String, Instant> oldestWatermarks(Collection<String> pipelines);

    /** Every attempt of every shard task of the runs named, by run id; each list by shard then attempt. */
    Map<String, List<ShardRunRecord>> shardRuns(Collection<String> runIds);

    /** The files each task of a run published, keyed by {@code shard + "#" + attempt} ({@link #taskKey}), in write order. */
    Map<String, List<PublishedFile>> files(String runId);

    /** The log excerpts kept with the failed attempts of a run, keyed by {@link #taskKey}; attempts without one are absent. */
    Map<String, String> errorExcerpts(String runId);

    static String taskKey(String shard, int attempt) {
        return shard + "#" + attempt;
    }
}
