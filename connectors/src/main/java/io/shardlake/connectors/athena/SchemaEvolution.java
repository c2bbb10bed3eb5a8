package io.shardlake.connectors.athena;

import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.schema.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compares an existing Athena table with a target's new schema and says what may change.
 *
 * <p>Athena reads every file, old ones included, with the table's current columns (by name for
 * Parquet; partition projection keeps no per-partition schema), and Redshift COPY reads the same
 * files by position. So:
 * <ul>
 *   <li>New columns are allowed after the existing data columns (the audit columns may follow
 *       them in the files); {@code ALTER TABLE ADD COLUMNS} appends them and old files read NULL.</li>
 *   <li>Widenings Athena's Parquet reader accepts over old files: {@code int -> bigint} (Athena's
 *       documented compatible change) and {@code decimal(p,s) -> decimal(p',s)} with {@code p' > p}
 *       (read exactly by Trino 476 over INT32/INT64 files, checked with the project's Athena kit; not in
 *       Athena's documented list). Athena has no ALTER for a Parquet column's type, so a widening
 *       re-creates the table (its files stay).</li>
 *   <li>Refused: a removed or reordered column, any other type change (narrowing, a decimal scale
 *       change, which Trino silently rounds, a kind change such as bigint -> string), a new column
 *       placed before an existing one, a changed partition key, format or primary key.</li>
 * </ul>
 */
public final class SchemaEvolution {

    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");
    private static final Set<String> AUDIT = AuditColumns.ALL.stream().map(Column::name).collect(Collectors.toSet());

    private SchemaEvolution() {
    }

    /** What to change in an existing table: columns to add (in order) and columns to widen. */
    public record SchemaChange(List<AthenaColumn> additions, List<Widening> widenings) {
        public SchemaChange {
            additions = List.copyOf(additions);
            widenings = List.copyOf(widenings);
        }

        public boolean isEmpty() {
            return additions.isEmpty() && widenings.isEmpty();
        }
    }

    public record Widening(String column, String from, String to) {
    }

    /**
     * @throws IncompatibleSchemaException listing every problem, each naming the column and both types
     */
    public static SchemaChange compare(ExistingTable existing, AthenaTable table) {
        List<String> problems = new ArrayList<>();
        checkKeys(existing, table, problems);

        Map<String, String> wanted = new LinkedHashMap<>();
        table.columns().forEach(c -> wanted.put(c.name(), c.type()));
        Map<String, String> current = new LinkedHashMap<>();
        existing.columns().forEach(c -> current.put(c.name(), c.type()));

        List<Widening> widenings = new ArrayList<>();
        for (AthenaColumn column : existing.columns()) {
            String type = wanted.get(column.name());
            if (type == null) {
                problems.add("column '" + column.name() + "' (" + column.type() + ") was removed");
            } else if (!type.equals(column.type())) {
                if (isWidening(column.type(), type)) {
                    widenings.add(new Widening(column.name(), column.type(), type));
                } else {
                    problems.add("column '" + column.name() + "' changed type from " + column.type() + " to " + type
                            + (isWidening(type, column.type()) ? " (a narrowing)" : ""));
                }
            }
        }
        checkOrder(existing, table, current.keySet(), problems);
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException(table.name(), problems);
        }
        List<AthenaColumn> additions = table.columns().stream().filter(c -> !current.containsKey(c.name())).toList();
        return new SchemaChange(additions, widenings);
    }

    /**
     * Existing data columns must open the new schema's data columns in the same order; audit
     * columns are left out, since the files carry them after the data columns while a column
     * added later sits after them in the table.
     */
    private static void checkOrder(ExistingTable existing, AthenaTable table, Set<String> currentNames, List<String> problems) {
        List<String> before = existing.columns().stream().map(AthenaColumn::name).filter(n -> !AUDIT.contains(n)).toList();
        List<String> after = table.columns().stream().map(AthenaColumn::name).filter(n -> !AUDIT.contains(n)).toList();
        Set<String> wantedNames = table.columns().stream().map(AthenaColumn::name).collect(Collectors.toSet());
        List<String> kept = before.stream().filter(wantedNames::contains).toList();
        for (int i = 0; i < kept.size() && i < after.size(); i++) {
            String expected = kept.get(i);
            String actual = after.get(i);
            if (!expected.equals(actual)) {
                if (!currentNames.contains(actual)) {
                    problems.add("new column '" + actual + "' is placed before existing column '" + expected
                            + "'; add new columns after '" + before.get(before.size() - 1) + "'");
                } else {
                    problems.add("column '" + actual + "' moved: it was after '" + expected
                            + "' and is now before it; keep the existing column order");
                }
                return;
            }
        }
    }

    private static void checkKeys(ExistingTable existing, AthenaTable table, List<String> problems) {
        List<AthenaColumn> expected = List.of(AthenaTable.PARTITION_COLUMN);
        if (!existing.partitionKeys().equals(expected)) {
            problems.add("partition key is (" + existing.partitionKeys().stream().map(AthenaColumn::toString)
                    .collect(Collectors.joining(", ")) + "), expected (" + AthenaTable.PARTITION_COLUMN + ")");
        }
        String format = existing.parameter(AthenaDdl.PARTITION_FORMAT_PROPERTY);
        if (format == null) {
            format = existing.parameter(AthenaDdl.PROJECTION_FORMAT);
        }
        if (format != null && !format.equals(table.granularity().pattern())) {
            problems.add("partition format changed from " + format + " to " + table.granularity().pattern()
                    + " (granularity " + table.granularity().name().toLowerCase(Locale.ROOT) + ")");
        }
        String key = existing.parameter(AthenaDdl.PRIMARY_KEY_PROPERTY);
        String newKey = String.join(",", table.primaryKey());
        if (key != null && !key.equals(newKey)) {
            problems.add("primary key changed from [" + key + "] to [" + newKey + "]");
        }
    }

    /** Whether Athena reads files written with {@code from} correctly as {@code to}, losing nothing. */
    static boolean isWidening(String from, String to) {
        if (from.equals("int") && to.equals("bigint")) {
            return true;
        }
        Matcher f = DECIMAL.matcher(from);
        Matcher t = DECIMAL.matcher(to);
        return f.matches() && t.matches() && f.group(2).equals(t.group(2))
                && Integer.parseInt(t.group(1)) > Integer.parseInt(f.group(1));
    }
}
