package io.shardlake.connectors.testing;

import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server for tests: the local one named by {@code SHARDLAKE_TEST_PG_HOST/PORT/USER/PASSWORD}
 * (default 127.0.0.1:5432, postgres, no password: trust auth), else Testcontainers {@code postgres:15}.
 */
public final class PostgresServer extends TestDatabaseServer {

    static final String ENV_PREFIX = "SHARDLAKE_TEST_PG_";

    private static final PostgresServer SHARED = new PostgresServer(
            ServerEndpoint.fromEnvironment(System.getenv(), ENV_PREFIX, 5432, "postgres"));

    PostgresServer(ServerEndpoint local) {
        this(local, DockerEngine::unavailableReason);
    }

    PostgresServer(ServerEndpoint local, Supplier<Optional<String>> containerUnavailableReason) {
        super("PostgreSQL server", local, containerUnavailableReason);
    }

    /** The server shared by all test classes of this JVM. */
    public static PostgresServer shared() {
        return SHARED;
    }

    @Override
    protected String jdbcUrl(ServerEndpoint server, String database) {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database;
    }

    @Override
    protected DataSource dataSource(String jdbcUrl, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    @Override
    protected String adminDatabase() {
        return "postgres";
    }

    @Override
    protected String createDatabaseSql(String name) {
        // template0: template1 may carry another encoding or objects someone left in it.
        return "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0";
    }

    @Override
    protected String dropDatabaseSql(String name) {
        // FORCE: a connection a test forgot to close must not keep the database alive.
        return "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
    }

    @Override
    protected ServerEndpoint startContainer() {
        return Containers.startPostgres();
    }

    @Override
    protected String howToProvideAServer() {
        return "  - start the local PostgreSQL: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
                + "    (bash .ci/run starts it too), or\n"
                + "  - point the tests at a server you have: " + ServerEndpoint.variableNames(ENV_PREFIX) + ", or\n"
                + "  - start a Docker engine so Testcontainers can run " + Containers.POSTGRES_IMAGE;
    }
}
