package io.shardlake.engine.definition;

import java.util.List;

/**
 * Where rows come from: a named connection (its shard URLs and credentials live in the service
 * configuration, never in a definition), a table, the cursor column, the primary key and the
 * related tables joined to it.
 *
 * @param softDelete the column that is set when a row is deleted ({@code source.soft_delete.column}),
 *                   or null: such a row is written as a tombstone
 * @param events     how entity events are batched, or null when the pipeline takes none
 * @param reconcile  how hard deletes are reconciled, or null when they are not
 */
public record SourceSpec(String connection, String table, String cursor, List<String> primaryKey, List<JoinSpec> joins,
                         String softDelete, EventsSpec events, ReconcileSpec reconcile) {
    public SourceSpec {
        primaryKey = List.copyOf(primaryKey);
        joins = List.copyOf(joins);
    }

    public SourceSpec(String connection, String table, String cursor, List<String> primaryKey) {
        this(connection, table, cursor, primaryKey, List.of(), null, null, null);
    }

    /**
     * How the pipeline's entity events are batched: its own {@code events}, or the defaults for a
     * pipeline that reconciles (its findings are loaded as delete and upsert events); null when it
     * loads none.
     */
    public EventsSpec eventBatching() {
        return events != null ? events : reconcile != null ? EventsSpec.DEFAULTS : null;
    }
}
