package io.shardlake.connectors.redshift;

import java.util.List;

/**
 * What {@link RedshiftTables#ensure} did to the target table, or what {@link RedshiftTables#check} found it
 * would do.
 *
 * @param created      the table did not exist and was created
 * @param addedColumns columns appended to an existing table, in order
 */
public record TableChange(boolean created, List<String> addedColumns) {

    public TableChange {
        addedColumns = List.copyOf(addedColumns);
    }

    static final TableChange UNCHANGED = new TableChange(false, List.of());

    public boolean unchanged() {
        return !created && addedColumns.isEmpty();
    }
}
