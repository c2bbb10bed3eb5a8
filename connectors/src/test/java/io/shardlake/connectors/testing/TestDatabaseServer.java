package io.shardlake.connectors.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database server for tests, found by one policy: the local server when it accepts connections,
 * else a Testcontainers one when a Docker engine runs, else a loud failure that says how to fix it.
 * Tests never skip for want of a database: a skipped database test looks green and checks nothing.
 *
 * <p>The server is located once, on first use, and then shared by every test class in the JVM.
 * Subclasses supply the product's SQL, URLs and container.
 */
public abstract class TestDatabaseServer {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabaseServer.class);
    private static final int PROBE_TIMEOUT_MILLIS = 2_000;

    private final String product;
    private ServerEndpoint local;
    private final Supplier<Optional<String>> containerUnavailableReason;
    private ServerEndpoint endpoint;

    /**
     * @param product                    what the server is, for messages ("MySQL-compatible server")
     * @param local                      where a local server would listen
     * @param containerUnavailableReason empty when Testcontainers can start a container
     */
    protected TestDatabaseServer(String product, ServerEndpoint local,
                                 Supplier<Optional<String>> containerUnavailableReason) {
        this.product = product;
        this.local = local;
        this.containerUnavailableReason = containerUnavailableReason;
    }

    /** The located server; locates it on first call. */
    public final synchronized ServerEndpoint endpoint() {
        if (endpoint == null) {
            endpoint = locate();
            LOG.info("Test databases on {}: {}", product, endpoint.description());
        }
        return endpoint;
    }

    /**
     * Points this server at {@code moved} from now on: a test's own server process started again,
     * on a port of its own (see {@link BinlogMariaDb}).
     */
    final synchronized void relocate(ServerEndpoint moved) {
        local = moved;
        endpoint = null;
    }

    public final String jdbcUrl(String database) {
        return jdbcUrl(endpoint(), database);
    }

    public final Connection connect(String database) throws SQLException {
        ServerEndpoint server = endpoint();
        return DriverManager.getConnection(jdbcUrl(server, database), server.user(), server.password());
    }

    /** A DataSource without a pool, so nothing holds connections open when a database is dropped. */
    public final DataSource dataSource(String database) {
        ServerEndpoint server = endpoint();
        return dataSource(jdbcUrl(server, database), server.user(), server.password());
    }

    public final void createDatabase(String name) throws SQLException {
        executeOnServer(createDatabaseSql(DatabaseNames.requireSafe(name)));
    }

    public final void dropDatabase(String name) throws SQLException {
        executeOnServer(dropDatabaseSql(DatabaseNames.requireSafe(name)));
    }

    /** Runs one statement while connected to the server's administrative database. */
    public final void executeOnServer(String sql) throws SQLException {
        try (Connection connection = connect(adminDatabase()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    protected abstract String jdbcUrl(ServerEndpoint server, String database);

    protected abstract DataSource dataSource(String jdbcUrl, String user, String password);

    /** The database to connect to when no test database is meant ("" where the URL may omit it). */
    protected abstract String adminDatabase();

    protected abstract String createDatabaseSql(String name);

    protected abstract String dropDatabaseSql(String name);

    /** Starts a container; called only when Testcontainers reports a Docker engine. */
    protected abstract ServerEndpoint startContainer();

    /** Lines telling a developer how to get a local server or point the tests at one. */
    protected abstract String howToProvideAServer();

    private ServerEndpoint locate() {
        Optional<IOException> unreachable = probeTcp(local);
        if (unreachable.isEmpty()) {
            requireLogin(local);
            return local;
        }
        Optional<String> noContainers = containerUnavailableReason.get();
        if (noContainers.isEmpty()) {
            LOG.info("No {} at {}:{} ({}); starting one with Testcontainers",
                    product, local.host(), local.port(), unreachable.get().getMessage());
            return startContainer();
        }
        throw new IllegalStateException("No " + product + " for tests.\n"
                + "  " + local.description() + " (user " + local.user() + "): not reachable ("
                + unreachable.get().getMessage() + ")\n"
                + "  Testcontainers fallback: " + noContainers.get() + "\n"
                + "Fix one of:\n" + howToProvideAServer());
    }

    // Reachable but refusing the login is a configuration error: say so instead of
    // silently starting a container.
    private void requireLogin(ServerEndpoint server) {
        try (Connection ignored = DriverManager.getConnection(
                jdbcUrl(server, adminDatabase()), server.user(), server.password())) {
            // logged in
        } catch (SQLException e) {
            throw new IllegalStateException(product + " at " + server.host() + ":" + server.port()
                    + " accepts connections but refused the test login (user " + server.user() + "): "
                    + e.getMessage() + "\nFix one of:\n" + howToProvideAServer(), e);
        }
    }

    private static Optional<IOException> probeTcp(ServerEndpoint server) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), PROBE_TIMEOUT_MILLIS);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e);
        }
    }
}
