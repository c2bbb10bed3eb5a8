package io.shardlake.engine.rebuild;

import io.shardlake.engine.definition.AllowedWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a rebuild will do (a dry run answers with it): load every shard with definition version
 * {@code definitionVersion} into table version {@code version}, beside the live {@code fromVersion}.
 *
 * @param estimatedRows     the replicas' estimate of each shard's rows (EXPLAIN; -1 where a shard did not answer)
 * @param estimatedDuration total rows at the configured rate per shard, {@code maxConcurrency} shards at once
 * @param startsAt          when its first shard may start: now, or the allowed window's next opening
 * @param applies           the incompatibilities with the live table it applies (empty for a same-schema reload)
 * @param errors            shards that could not be estimated
 */
public record RebuildPlan(String pipeline, int version, int fromVersion, String definitionVersion, List<String> shards, int maxConcurrency,
                          AllowedWindow allowedWindow, Map<String, Long> estimatedRows, Duration estimatedDuration, Instant startsAt,
                          List<String> applies, List<String> errors) {

    public RebuildPlan {
        shards = List.copyOf(shards);
        estimatedRows = Map.copyOf(estimatedRows);
        applies = List.copyOf(applies);
        errors = List.copyOf(errors);
    }

    public long totalEstimatedRows() {
        return estimatedRows.values().stream().mapToLong(v -> Math.max(0, v)).sum();
    }
}
