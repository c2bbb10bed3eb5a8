package io.shardlake.engine.current;

import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.engine.lake.CurrentLayout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A current-state table as a reader sees it: the files its manifest lists, read with DuckDB (an
 * independent reader), never through the metadata database.
 *
 * @param lakeRoot the folder the lake's keys are under (the warehouse, or S3Proxy's folder of the lake prefix)
 */
public record CurrentTableFiles(Path lakeRoot, String currentTable) {

    /** The files the manifest lists, as local paths. */
    public List<Path> files() throws IOException {
        Path manifest = lakeRoot.resolve(CurrentLayout.manifestKey(currentTable));
        if (!Files.exists(manifest)) {
            return List.of();
        }
        return Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).map(this::local).toList();
    }

    private Path local(String uri) {
        if (uri.startsWith("file:")) {
            return Path.of(URI.create(uri));
        }
        // s3://bucket/<prefix>/<key>, the lake root being the bucket's folder of the prefix (a table version's files are in its own folder)
        String rest = uri.substring("s3://".length());
        rest = rest.substring(rest.indexOf('/') + 1);
        String prefix = lakeRoot.getFileName() + "/";
        return lakeRoot.resolve(rest.startsWith(prefix) ? rest.substring(prefix.length()) : rest);
    }

    /** DuckDB's reader over the manifest's files, or over an empty table. */
    public String relation() throws IOException {
        List<Path> files = files();
        if (files.isEmpty()) {
            return "(SELECT NULL AS _shard WHERE false)";
        }
        return "read_parquet([" + files.stream().map(p -> DuckDbLake.literal(p.toString())).collect(Collectors.joining(", "))
                + "], union_by_name = true)";
    }

    /** The rows a query of the table returns: deleted keys (tombstones) left out. */
    public List<Map<String, Object>> liveRows(String columns) throws IOException {
        String relation = relation();
        boolean deletes = !files().isEmpty() && hasColumn(relation, "_deleted");
        return DuckDbLake.query("SELECT " + columns + " FROM " + relation + (deletes ? " WHERE NOT coalesce(_deleted, false)" : ""));
    }

    private static boolean hasColumn(String relation, String column) {
        return DuckDbLake.query("SELECT column_name FROM (DESCRIBE SELECT * FROM " + relation + ") WHERE column_name = '" + column + "'")
                .size() == 1;
    }
}
