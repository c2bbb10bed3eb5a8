package io.shardlake.engine.definition;

/**
 * A related table of the same shard joined to the source table, as declared under
 * {@code source.joins}: many-to-one, by the joined table's primary key. The transform reads its
 * columns as {@code <name>.<column>}; its cursor says which of its rows changed, so that the view
 * rows built from them are emitted again.
 *
 * @param column the source table's column holding the joined row's key
 * @param key    the joined table's (single-column) primary key
 * @param inner  whether a source row without a match leaves the view (else its joined columns are null)
 */
public record JoinSpec(String name, String table, String column, String key, boolean inner, String cursor) {
}
