package io.shardlake.engine.lake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Object keys of the lake. Data: {@code <table>/dt=YYYY-MM-DD/<run>-<shard>-a<attempt>-<seq>.parquet}
 * (Hive style, what Athena and DuckDB read). Quarantined rows sit outside every table folder,
 * under {@code _quarantine/} (ignored by Hive-style readers), so they never disturb a table's
 * partition layout.
 */
public final class LakeLayout {

    public static final String QUARANTINE_ROOT = "_quarantine";

    private LakeLayout() {
    }

    public static String dataKey(String table, String partitionFolder, String fileName) {
        return table + "/" + partitionFolder + "/" + fileName;
    }

    public static String quarantineKey(String table, Instant runStart, String runId, String shard, int attempt) {
        LocalDate day = LocalDate.ofInstant(runStart, ZoneOffset.UTC);
        return QUARANTINE_ROOT + "/" + table + "/dt=" + day + "/" + filePrefix(runId, shard, attempt) + ".jsonl";
    }

    /**
     * File-name prefix of one task attempt's files: unique per run, shard and attempt, so neither a
     * retry nor a node that lost its lease can overwrite another attempt's files.
     */
    public static String filePrefix(String runId, String shard, int attempt) {
        return runId + "-" + shard + "-a" + attempt;
    }
}
