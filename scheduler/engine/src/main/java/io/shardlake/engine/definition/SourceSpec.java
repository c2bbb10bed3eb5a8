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
 * @param mode       how changes are found: windows of the cursor ({@link SourceMode#POLL}) or the binlog ({@link SourceMode#CDC})
 */
public record SourceSpec(String connection, String table, String cursor, List<String> primaryKey, List<JoinSpec> joins,
                         String softDelete, EventsSpec events, ReconcileSpec reconcile, SourceMode mode) {
    public SourceSpec {
        primaryKey = List.copyOf(primaryKey);
        joins = List.copyOf(joins);
        mode = mode == null ? SourceMode.POLL : mode;
    }

    public SourceSpec(String connection, String table, String cursor, List<String> primaryKey, List<JoinSpec> joins,
                      String softDelete, EventsSpec events, ReconcileSpec reconcile) {
        this(connection, table, cursor, primaryKey, joins, softDelete, events, reconcile, SourceMode.POLL);
    }

    /** Whether the pipeline follows its shards' binlogs (after a first load by window). */
    public boolean cdc() {
        return mode == SourceMode.CDC;
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
