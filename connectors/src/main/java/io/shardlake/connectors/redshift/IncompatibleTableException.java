package io.shardlake.connectors.redshift;

import java.util.List;

/** The target table exists with columns the run's schema cannot be loaded into; nothing was changed. */
public final class IncompatibleTableException extends RuntimeException {

    private final List<String> problems;

    IncompatibleTableException(String table, List<String> problems) {
        super("Redshift table " + table + " does not fit the pipeline's schema, nothing was changed: "
                + String.join("; ", problems) + ". Columns are matched by name: new schema columns are appended to the table, "
                + "but a column is never dropped and a type never changed in place; change the table by hand or load "
                + "into a new table");
        this.problems = List.copyOf(problems);
    }

    /** One sentence per column that does not fit. */
    public List<String> problems() {
        return problems;
    }
}
