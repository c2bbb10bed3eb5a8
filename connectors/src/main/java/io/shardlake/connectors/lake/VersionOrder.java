package io.shardlake.connectors.lake;

import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Which of two rows of one key is the newer version: the one rule every sink applies (Athena's
 * {@code _latest} view, the Redshift merge), so they never disagree about a key's current row.
 *
 * <p>Rows are compared column by column, each in {@link #columns()} order, the greater value
 * winning and a NULL losing to any value: first the cursor (the source's own version, such as
 * {@code updated_at}); on equal cursors, the later extract: {@code _run_seq} (allocated in the
 * metadata database when a shard task starts reading, so strictly increasing across nodes), then
 * {@code _extracted_at} (which orders rows written before {@code _run_seq} existed; those have it
 * NULL and lose to every row that has one). Audit columns the table lacks, or that are its cursor,
 * are left out. Rows equal in every column are one version read twice; either may be kept.
 *
 * <p>A follow-up that versions a row by several source tables puts its own columns in front.
 *
 * @param columns the columns compared, most significant first
 */
public record VersionOrder(List<String> columns) {

    /** After the cursor, the audit columns that say which extract came later, most significant first. */
    static final List<String> LATER_EXTRACT = List.of(AuditColumns.RUN_SEQ, AuditColumns.EXTRACTED_AT);

    public VersionOrder {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a version order needs at least one column, such as the cursor updated_at");
        }
    }

    /** The order of a table with {@code schema} whose versions are ordered by {@code cursor}. */
    public static VersionOrder of(RowSchema schema, String cursor) {
        Objects.requireNonNull(cursor, "cursor");
        if (!schema.contains(cursor)) {
            throw new IllegalArgumentException("cursor column '" + cursor + "' is not a column of the table");
        }
        List<String> columns = new ArrayList<>();
        columns.add(cursor);
        for (String audit : LATER_EXTRACT) {
            if (schema.contains(audit) && !audit.equals(cursor)) {
                columns.add(audit);
            }
        }
        return new VersionOrder(columns);
    }

    /** An {@code ORDER BY} list putting the newest version first, e.g. {@code "updated_at" DESC NULLS LAST, ...}. */
    public String newestFirst(UnaryOperator<String> quote) {
        return columns.stream().map(c -> quote.apply(c) + " DESC NULLS LAST").collect(Collectors.joining(", "));
    }

    /**
     * A condition true when the row {@code candidate} names is at least as new as the row
     * {@code current} names: each maps a column to its SQL expression, such as
     * {@code "staging"."updated_at"}. Written without {@code IS DISTINCT FROM}, which Redshift lacks.
     */
    public String atLeastAsNew(UnaryOperator<String> candidate, UnaryOperator<String> current) {
        return atLeastAsNew(0, candidate, current);
    }

    private String atLeastAsNew(int from, UnaryOperator<String> candidate, UnaryOperator<String> current) {
        String a = candidate.apply(columns.get(from));
        String b = current.apply(columns.get(from));
        if (from == columns.size() - 1) {
            return "(" + b + " IS NULL OR " + a + " >= " + b + ")";
        }
        String newer = "(" + b + " IS NULL AND " + a + " IS NOT NULL) OR " + a + " > " + b;
        String same = "(" + a + " IS NULL AND " + b + " IS NULL) OR " + a + " = " + b;
        return "(" + newer + " OR ((" + same + ") AND " + atLeastAsNew(from + 1, candidate, current) + "))";
    }
}
