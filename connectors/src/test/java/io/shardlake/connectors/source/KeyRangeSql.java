package io.shardlake.connectors.source;

/**
 * The replica's side of a reconciliation as SQL text, for benchmarks that show the replica's plan
 * of exactly the query the engine runs ({@code EXPLAIN}).
 */
public final class KeyRangeSql {

    private KeyRangeSql() {
    }

    /** The per-range summary aggregate on the shard at {@code jdbcUrl}; placeholders: the ranges' base and width. */
    public static String summary(String jdbcUrl, String table, String key) {
        return KeyRangeReads.summarySql(SourceDialects.forUrl(jdbcUrl), table, key);
    }
}
