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
    Map<String, List<RunRecord>> recentRuns(Collection<String> pipelines, int perPipeline);

    /** The state of each named pipeline's newest run; absent: no run yet. */
    Map<String, RunState> lastRunStates(Collection<String> pipelines);

    /** The oldest committed shard watermark of each named pipeline (its freshness); absent before the first commit. */
    Map<String, Instant> oldestWatermarks(Collection<String> pipelines);

    /** Every attempt of every shard task of the runs named, by run id; each list by shard then attempt. */
    Map<String, List<ShardRunRecord>> shardRuns(Collection<String> runIds);

    /** The files each task of a run published, keyed by {@code shard + "#" + attempt} ({@link #taskKey}), in write order. */
    Map<String, List<PublishedFile>> files(String runId);

    static String taskKey(String shard, int attempt) {
        return shard + "#" + attempt;
    }
}
