package io.shardlake.engine.compaction;

import io.shardlake.engine.compaction.CompactionLedger.WriterRun;
import io.shardlake.engine.compaction.CompactionLedger.WriterTask;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.lake.LakeLayout.DataFile;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.TriggerKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which files of one partition's live generation a compaction rewrites, and which it leaves out.
 *
 * <p>A file is rewritten only when its rows are committed and nothing else still needs the file
 * where it is: written by a shard task that SUCCEEDED at least {@code min-age} ago, of a run that
 * has ended and that no sink still waits for (the Redshift sink loads a run's files by their keys);
 * or written by an earlier compaction (its files are live only once its generation was switched
 * in). And it must be small. Shards with a single such file are left as they are; the partition is
 * worth it only with {@code min-files} of them in all.
 *
 * <p>A file of a shard task recorded as not SUCCEEDED holds rows that were never committed (the
 * task died after publishing; no incremental run of the pipeline runs next to a compaction): it
 * is left out of the new generation, as the next task of its shard would have deleted it anyway
 * (it reads those rows again). Every other file (not ours, too
 * young, not yet delivered, big) is carried over unchanged.
 *
 * @param inputs  the files to rewrite, per shard, in key order
 * @param dropped uncommitted files the new generation leaves out
 */
public record CompactionSelection(SortedMap<String, List<String>> inputs, Set<String> dropped) {

    public static final CompactionSelection NONE = new CompactionSelection(new TreeMap<>(), Set.of());

    /**
     * @param files   the live generation's data files (key to size), in key order
     * @param writers the runs named by those files ({@link CompactionLedger#writers})
     * @param budget  files this selection may take at most
     */
    public static CompactionSelection of(SortedMap<String, Long> files, Map<String, WriterRun> writers, CompactionSettings settings,
                                         Instant now, int budget) {
        SortedMap<String, List<String>> candidates = new TreeMap<>();
        Set<String> dropped = new HashSet<>();
        Instant committedBefore = now.minus(settings.minAge());
        for (Map.Entry<String, Long> file : files.entrySet()) {
            DataFile name = LakeLayout.dataFileOf(file.getKey());
            WriterRun run = name == null ? null : writers.get(name.runId());
            if (run == null) {
                continue; // not written by this service, or by a run it does not know: kept as it is
            }
            if (run.trigger() == TriggerKind.COMPACTION) {
                if (settings.isSmall(file.getValue())) {
                    candidates.computeIfAbsent(name.shard(), s -> new ArrayList<>()).add(file.getKey());
                }
                continue;
            }
            WriterTask task = run.tasks().get(CompactionLedger.taskKey(name.shard(), name.attempt()));
            if (task == null) {
                continue; // a task not recorded: kept as it is
            }
            if (task.state() != ShardRunState.SUCCEEDED) {
                // Not committed (no incremental run of the pipeline runs next to a compaction): on S3 a copy
                // carried over would outlive the recovery that deletes the file by its recorded key.
                dropped.add(file.getKey());
            } else if (run.state().isTerminal() && !run.undelivered() && task.finishedAt() != null
                    && !task.finishedAt().isAfter(committedBefore) && settings.isSmall(file.getValue())) {
                candidates.computeIfAbsent(name.shard(), s -> new ArrayList<>()).add(file.getKey());
            }
        }
        SortedMap<String, List<String>> inputs = new TreeMap<>();
        int taken = 0;
        for (Map.Entry<String, List<String>> shard : candidates.entrySet()) {
            int take = Math.min(shard.getValue().size(), budget - taken);
            if (take >= 2) {
                inputs.put(shard.getKey(), List.copyOf(shard.getValue().subList(0, take)));
                taken += take;
            }
        }
        if (taken < settings.minFiles()) {
            return NONE;
        }
        return new CompactionSelection(inputs, Set.copyOf(dropped));
    }

    public boolean isEmpty() {
        return inputs.isEmpty();
    }

    public int fileCount() {
        return inputs.values().stream().mapToInt(List::size).sum();
    }
}
