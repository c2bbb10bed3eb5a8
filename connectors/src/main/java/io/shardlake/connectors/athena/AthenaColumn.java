package io.shardlake.connectors.athena;

import java.util.Objects;

/**
 * A column as Athena holds it: its lower-case name and its type as Athena writes it in DDL and
 * reports it in {@code GetTableMetadata} ({@code bigint}, {@code decimal(12,2)}, ...).
 */
public record AthenaColumn(String name, String type) {

    public AthenaColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** {@code name type} as in a column list of {@code CREATE TABLE} or {@code ADD COLUMNS}. */
    public String ddl() {
        return AthenaNames.ddl(name) + " " + type;
    }

    @Override
    public String toString() {
        return name + " " + type;
    }
}
