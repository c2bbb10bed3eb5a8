package io.shardlake.web.api;

import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.registration.SourceCatalogs;
import io.shardlake.engine.registration.TableDescription;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The source connections and their catalogs, for registering pipelines: connection names (never
 * URLs or credentials), the tables of a connection's first shard, and a table's columns with the
 * JSON paths its recent rows offer.
 */
@Tag(name = "sources", description = "Source connections, their tables and columns, for registration")
@RestController
@RequestMapping(path = "/api/sources", produces = "application/json")
class SourcesController {

    /** A connection as the API shows it: its name only. */
    record SourceView(String name) {
    }

    record ColumnView(String name, String sqlType, boolean nullable, boolean primaryKey, String suggestedType) {
        static ColumnView of(TableDescription.Column c) {
            return new ColumnView(c.name(), c.sqlType(), c.nullable(), c.primaryKey(), c.suggestedType());
        }
    }

    record TableView(String connection, String shard, String table, List<ColumnView> columns, List<String> primaryKey,
                     Map<String, List<TableDescription.OfferedPath>> jsonPaths) {
        static TableView of(TableDescription d) {
            return new TableView(d.connection(), d.shard(), d.table(), d.columns().stream().map(ColumnView::of).toList(),
                    d.primaryKey(), d.jsonPaths());
        }
    }

    private final SourceCatalogs catalogs;

    SourcesController(SourceCatalogs catalogs) {
        this.catalogs = catalogs;
    }

    @Operation(summary = "The configured source connections (names only)")
    @GetMapping
    List<SourceView> sources() {
        return catalogs.connections().stream().map(SourceView::new).toList();
    }

    @Operation(summary = "The tables of a connection, from its first shard's catalog")
    @ApiResponse(responseCode = "200", description = "table names, sorted", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GetMapping("/{connection}/tables")
    List<String> tables(@PathVariable String connection) {
        requireConnection(connection);
        try {
            return catalogs.tables(connection);
        } catch (SQLException e) {
            throw unavailable(connection, e);
        }
    }

    @Operation(summary = "A table's columns, and the JSON paths offered from a sample of its recent rows")
    @ApiResponse(responseCode = "200", description = "the table", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GetMapping("/{connection}/tables/{table}")
    TableView table(@PathVariable String connection, @PathVariable String table, @RequestParam(required = false) String cursor) {
        requireConnection(connection);
        try {
            return TableDescription.read(catalogs, connection, table, cursor).map(TableView::of)
                    .orElseThrow(() -> new OperationRefusedException(OperationRefusedException.Reason.NOT_FOUND,
                            "no table '" + table + "' in the catalog of " + connection));
        } catch (SQLException e) {
            throw unavailable(connection, e);
        }
    }

    private void requireConnection(String connection) {
        if (!catalogs.has(connection)) {
            throw new OperationRefusedException(OperationRefusedException.Reason.NOT_FOUND, "no source connection '" + connection
                    + "'; configured: " + String.join(", ", catalogs.connections()));
        }
    }

    /** 503: the shard did not answer; the message names the shard, never its URL or user. */
    private ErrorResponseException unavailable(String connection, SQLException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "the catalog of " + connection + " ("
                + catalogs.sampleShardId(connection) + ") cannot be read now (SQL state " + e.getSQLState() + "); try again");
        p.setTitle("Source unavailable");
        return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, p, e);
    }
}
