package io.shardlake.connectors.athena;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A table as Athena reports it ({@code GetTableMetadata}, {@code ListTableMetadata}): data columns
 * in table order, partition keys and table properties. Names and types are lower-cased.
 *
 * @param type the catalog's table type: {@value #EXTERNAL_TABLE}, or {@value #VIEW} for a view
 */
public record ExistingTable(String name, List<AthenaColumn> columns, List<AthenaColumn> partitionKeys,
                            Map<String, String> parameters, String type) {

    public static final String EXTERNAL_TABLE = "EXTERNAL_TABLE";
    public static final String VIEW = "VIRTUAL_VIEW";

    /** An external table. */
    public ExistingTable(String name, List<AthenaColumn> columns, List<AthenaColumn> partitionKeys, Map<String, String> parameters) {
        this(name, columns, partitionKeys, parameters, EXTERNAL_TABLE);
    }

    public boolean isView() {
        return VIEW.equalsIgnoreCase(type);
    }

    public ExistingTable {
        Objects.requireNonNull(name, "name");
        columns = columns.stream().map(ExistingTable::normalized).toList();
        partitionKeys = partitionKeys.stream().map(ExistingTable::normalized).toList();
        parameters = Map.copyOf(parameters);
        type = type == null ? EXTERNAL_TABLE : type;
    }

    public String parameter(String key) {
        return parameters.get(key);
    }

    private static AthenaColumn normalized(AthenaColumn column) {
        return new AthenaColumn(column.name().toLowerCase(Locale.ROOT),
                column.type().toLowerCase(Locale.ROOT).replace(" ", ""));
    }
}
