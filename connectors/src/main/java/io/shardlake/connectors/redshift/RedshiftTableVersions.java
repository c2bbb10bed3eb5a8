package io.shardlake.connectors.redshift;

import static io.shardlake.connectors.redshift.RedshiftIdentifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Which version of a table readers get under its name, in the settings' schema: a rebuilt table
 * version is loaded into a table of its own ({@code <table>__v<N>}) and swapped in by renaming,
 * both renames in one transaction (DDL is transactional in Redshift and PostgreSQL): a reader of
 * {@code <table>} sees the old rows or the new ones, never a mix, and never a missing table.
 */
public final class RedshiftTableVersions {

    /** Renames, drops and the catalog read change no rows; each statement gets this long. */
    public static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(2);

    private static final String EXISTS_SQL = "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";

    private final DataSource dataSource;
    private final String schema;

    /** @param schema the target schema, already normalised (see {@link RedshiftSettings#schema()}) */
    public RedshiftTableVersions(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    public boolean exists(String table) {
        try (Connection connection = dataSource.getConnection()) {
            return exists(connection, table);
        } catch (SQLException e) {
            throw new RedshiftLoadException("could not read whether Redshift table " + qualified(table) + " exists: " + e.getMessage(), e);
        }
    }

    /**
     * In one transaction, the table {@code live} (if there is one) becomes {@code retired} and
     * {@code incoming} becomes {@code live}. Idempotent: when {@code incoming} is gone the swap was
     * made before, and nothing changes.
     *
     * @return whether the tables were swapped now
     * @throws RedshiftLoadException when the swap failed (rolled back: {@code live} is as before), or
     *                               {@code retired} exists already (a table this service did not expect)
     */
    public boolean swap(String live, String retired, String incoming) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout((int) STATEMENT_TIMEOUT.toSeconds());
                if (!exists(connection, incoming)) {
                    connection.rollback();
                    return false;
                }
                if (exists(connection, live)) {
                    if (exists(connection, retired)) {
                        throw new RedshiftLoadException("cannot keep " + qualified(live) + " as " + qualified(retired)
                                + ": that table exists already; drop it or rename it, then switch again", null);
                    }
                    statement.execute("ALTER TABLE " + qualified(live) + " RENAME TO " + quote(retired));
                }
                statement.execute("ALTER TABLE " + qualified(incoming) + " RENAME TO " + quote(live));
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                Transactions.rollbackQuietly(connection, e);
                throw e instanceof RedshiftLoadException r ? r : new RedshiftLoadException("swapping " + qualified(incoming) + " in as "
                        + qualified(live) + " failed and was rolled back, readers still see the old table: " + e.getMessage(), e);
            } finally {
                Transactions.restoreAutoCommit(connection, autoCommit);
            }
        } catch (SQLException e) {
            throw new RedshiftLoadException("could not connect to swap " + qualified(incoming) + " in as " + qualified(live) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Drops {@code table} if it exists (a retired version kept long enough). */
    public void drop(String table) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) STATEMENT_TIMEOUT.toSeconds());
            statement.execute("DROP TABLE IF EXISTS " + qualified(table));
        } catch (SQLException e) {
            throw new RedshiftLoadException("could not drop Redshift table " + qualified(table) + ": " + e.getMessage(), e);
        }
    }

    private boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(EXISTS_SQL)) {
            statement.setQueryTimeout((int) STATEMENT_TIMEOUT.toSeconds());
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private String qualified(String table) {
        return quote(schema) + "." + quote(table);
    }
}
