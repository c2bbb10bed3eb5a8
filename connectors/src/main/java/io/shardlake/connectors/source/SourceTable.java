package io.shardlake.connectors.source;

import java.util.List;
import java.util.Optional;

/** A source table and its columns, in table order, as its catalog describes them. */
public record SourceTable(String name, List<SourceColumn> columns) {

    public SourceTable {
        columns = List.copyOf(columns);
    }

    public Optional<SourceColumn> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The primary key's columns in key order; empty when the table has none. */
    public List<String> primaryKey() {
        return columns.stream().filter(SourceColumn::primaryKey)
                .sorted(java.util.Comparator.comparingInt(SourceColumn::position)).map(SourceColumn::name).toList();
    }
}
