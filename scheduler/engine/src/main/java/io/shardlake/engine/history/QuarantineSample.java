package io.shardlake.engine.history;

import java.util.List;
import java.util.Map;

/**
 * One quarantined source row read back from its quarantine file (see
 * {@link io.shardlake.engine.lake.QuarantineWriter}): why it was refused and what it held.
 */
public record QuarantineSample(String runId, String shard, String file, List<String> primaryKey, String cursor, String reason,
                               Map<String, String> row) {

    public QuarantineSample {
        primaryKey = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(primaryKey)); // a key part may be null
        row = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(row)); // null values allowed
    }
}
