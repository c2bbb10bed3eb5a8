package io.shardlake.engine.registration;

import io.shardlake.connectors.source.SourceCatalog;
import io.shardlake.connectors.source.SourceColumn;
import io.shardlake.connectors.source.SourceTable;
import io.shardlake.transforms.json.JsonPathOffers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A source table as the registration form shows it: its columns from the catalog, and for each
 * column whose recent values are JSON objects, the paths offered for flattening. Made of engine
 * types only, so the web layer shows it without knowing the connectors or the transforms.
 *
 * @param shard      the shard the catalog and sample were read from
 * @param table      the table's name as the catalog spells it
 * @param columns    in table order
 * @param primaryKey the primary key's columns in key order; empty when the table has none
 * @param jsonPaths  column name -> offered paths, only for columns holding JSON objects
 */
public record TableDescription(String connection, String shard, String table, List<Column> columns, List<String> primaryKey,
                               Map<String, List<OfferedPath>> jsonPaths) {

    /** Recent rows sampled to offer JSON paths. */
    public static final int SAMPLE_ROWS = 20;
    private static final Set<String> TEXT_TYPES = Set.of("string", "json");

    /**
     * One column as the catalog describes it.
     *
     * @param sqlType       the database's type name, e.g. {@code DECIMAL(12,2)}
     * @param suggestedType the output type a definition would most likely give it, e.g. {@code timestamp}
     */
    public record Column(String name, String sqlType, boolean nullable, boolean primaryKey, String suggestedType) {

        static Column of(SourceColumn c) {
            return new Column(c.name(), c.sqlType(), c.nullable(), c.primaryKey(), c.suggestedType());
        }
    }

    /** A JSON path found in a column's recent values, as {@code JsonPathOffers} offers it (its fields mean the same). */
    public record OfferedPath(String path, String suggestedType, String function, String suggestedName, String example) {

        static OfferedPath of(JsonPathOffers.OfferedPath p) {
            return new OfferedPath(p.path(), p.suggestedType(), p.function(), p.suggestedName(), p.example());
        }
    }

    public TableDescription {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        jsonPaths = Map.copyOf(jsonPaths);
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Reads the table's columns, then one sample query of its text columns (newest cursor first
     * when the table has {@code cursor}, else newest key).
     *
     * @return empty when the connection's catalog has no such table
     */
    public static Optional<TableDescription> read(SourceCatalogs catalogs, String connection, String table, String cursor)
            throws SQLException {
        SourceCatalog catalog = catalogs.catalog(connection);
        Optional<SourceTable> found = catalog.table(table);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SourceTable t = found.get();
        List<String> textColumns = t.columns().stream().filter(c -> TEXT_TYPES.contains(c.suggestedType())).map(SourceColumn::name).toList();
        Map<String, List<OfferedPath>> offers = new LinkedHashMap<>();
        if (!textColumns.isEmpty()) {
            String order = cursor != null && t.column(cursor).isPresent() ? cursor
                    : t.column("updated_at").isPresent() ? "updated_at" : t.primaryKey().isEmpty() ? null : t.primaryKey().get(0);
            List<Object[]> rows = catalog.sampleColumns(t.name(), textColumns, order, SAMPLE_ROWS);
            for (int i = 0; i < textColumns.size(); i++) {
                List<String> documents = new ArrayList<>();
                for (Object[] row : rows) {
                    if (row[i] != null && row[i].toString().stripLeading().startsWith("{")) {
                        documents.add(row[i].toString());
                    }
                }
                List<OfferedPath> paths = JsonPathOffers.offer(documents).stream().map(OfferedPath::of).toList();
                if (!paths.isEmpty()) {
                    offers.put(textColumns.get(i), paths);
                }
            }
        }
        return Optional.of(new TableDescription(connection, catalogs.sampleShardId(connection), t.name(),
                t.columns().stream().map(Column::of).toList(), t.primaryKey(), offers));
    }
}
