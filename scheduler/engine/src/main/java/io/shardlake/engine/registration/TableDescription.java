package io.shardlake.engine.registration;

import io.shardlake.connectors.source.SourceCatalog;
import io.shardlake.connectors.source.SourceColumn;
import io.shardlake.connectors.source.SourceTable;
import io.shardlake.transforms.json.JsonPathOffers;
import io.shardlake.transforms.json.JsonPathOffers.OfferedPath;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A source table as the registration form shows it: its columns from the catalog, and for each
 * column whose recent values are JSON objects, the paths offered for flattening.
 *
 * @param shard     the shard the catalog and sample were read from
 * @param jsonPaths column name -> offered paths, only for columns holding JSON objects
 */
public record TableDescription(String connection, String shard, SourceTable table, Map<String, List<OfferedPath>> jsonPaths) {

    /** Recent rows sampled to offer JSON paths. */
    public static final int SAMPLE_ROWS = 20;
    private static final Set<String> TEXT_TYPES = Set.of("string", "json");

    public TableDescription {
        jsonPaths = Map.copyOf(jsonPaths);
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
                List<OfferedPath> paths = JsonPathOffers.offer(documents);
                if (!paths.isEmpty()) {
                    offers.put(textColumns.get(i), paths);
                }
            }
        }
        return Optional.of(new TableDescription(connection, catalogs.sampleShard(connection).id(), t, offers));
    }
}
