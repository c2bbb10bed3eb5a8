package io.shardlake.engine.definition;

import java.util.List;

/**
 * Where rows come from: a named connection (its shard URLs and credentials live in the service
 * configuration, never in a definition), a table, the cursor column and the primary key.
 */
public record SourceSpec(String connection, String table, String cursor, List<String> primaryKey) {
    public SourceSpec {
        primaryKey = List.copyOf(primaryKey);
    }
}
