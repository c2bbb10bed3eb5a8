package io.shardlake.engine.history;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.ShardRunRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Recent runs (columns, oldest left) by shard (rows), as in Airflow's grid view: each cell is the
 * shard's last attempt in that run, or null where the run had no task for the shard.
 */
public record RunGrid(List<RunRecord> runs, List<Row> rows) {

    public RunGrid {
        runs = List.copyOf(runs);
        rows = List.copyOf(rows);
    }

    public record Row(String shard, List<Cell> cells) {
        public Row {
            cells = java.util.Collections.unmodifiableList(new ArrayList<>(cells)); // null cells allowed
        }
    }

    /** @param attempts how many attempts the shard's task took in the run */
    public record Cell(ShardRunRecord task, int attempts) {

        /** Null while the task runs. */
        public Duration duration() {
            return task.startedAt() == null || task.finishedAt() == null ? null : Duration.between(task.startedAt(), task.finishedAt());
        }
    }

    /**
     * @param newestFirst the runs, newest first (as {@link RunHistory#recentRuns} gives them)
     * @param tasks       every attempt of their shard tasks, by run id, by shard then attempt
     */
    public static RunGrid of(List<RunRecord> newestFirst, Map<String, List<ShardRunRecord>> tasks) {
        List<RunRecord> runs = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(runs);
        TreeSet<String> shards = new TreeSet<>();
        tasks.values().forEach(list -> list.forEach(t -> shards.add(t.shard())));
        List<Row> rows = new ArrayList<>();
        for (String shard : shards) {
            List<Cell> cells = new ArrayList<>();
            for (RunRecord run : runs) {
                List<ShardRunRecord> attempts = tasks.getOrDefault(run.id(), List.of()).stream().filter(t -> t.shard().equals(shard)).toList();
                cells.add(attempts.isEmpty() ? null : new Cell(attempts.get(attempts.size() - 1), attempts.size()));
            }
            rows.add(new Row(shard, cells));
        }
        return new RunGrid(runs, rows);
    }
}
