package io.shardlake.connectors.athena;

import java.util.List;

/**
 * The new output schema cannot be carried into the existing Athena table (a removed, reordered or
 * narrowed column, a changed key). Thrown before any statement runs, so the engine can fail the run
 * before writing a file; every problem is listed, each naming the column and both types.
 */
public final class IncompatibleSchemaException extends RuntimeException {

    private final String table;
    private final List<String> problems;

    public IncompatibleSchemaException(String table, List<String> problems) {
        super("the new schema of table " + table + " is incompatible with the Athena table: " + String.join("; ", problems)
                + ". Athena reads old files with the table's columns, so only new columns at the end and the widenings"
                + " int -> bigint and decimal(p,s) -> decimal(p',s) with p' > p are carried over; write the change to a"
                + " new table instead");
        this.table = table;
        this.problems = List.copyOf(problems);
    }

    public String table() {
        return table;
    }

    public List<String> problems() {
        return problems;
    }
}
