package io.shardlake.engine.definition;

import io.shardlake.connectors.source.JoinedTable;
import java.util.List;

/**
 * A related table of the same shard joined to the source table, as declared under
 * {@code source.joins}. The transform reads what it brings as {@code <name>.<column>}; its cursor
 * says which of its rows changed, so that the view rows built from them are emitted again.
 * <ul>
 *   <li>{@code left}/{@code inner}: many-to-one; {@code column} is the source table's column
 *       holding the joined row's {@code key}, the joined table's primary key.</li>
 *   <li>{@code many}: one-to-many; {@code column} is the joined table's column holding the source
 *       row's (single-column) primary key, {@code key} the joined table's primary key; its rows
 *       are folded into {@code aggregates}.</li>
 * </ul>
 * {@code softDelete}: the joined table's column set when a row is deleted, or null; a deleted row
 * matches as if absent. {@code connection}: null for a table of the same shard, else another
 * connection (one database) whose table is looked up by key, left many-to-one.
 */
public record JoinSpec(String name, String table, JoinedTable.Kind type, String column, String key, String cursor,
                       List<JoinedTable.Aggregate> aggregates, String softDelete, String connection) {

    public JoinSpec {
        aggregates = List.copyOf(aggregates);
    }
}
