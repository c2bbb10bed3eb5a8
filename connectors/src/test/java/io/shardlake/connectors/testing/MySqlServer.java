package io.shardlake.connectors.testing;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The MySQL-compatible server for tests: the local MariaDB (or MySQL) named by
 * {@code SHARDLAKE_TEST_MYSQL_HOST/PORT/USER/PASSWORD} (default 127.0.0.1:3306, root, no password),
 * else Testcontainers {@code mysql:8.0}.
 *
 * <p>URLs set no session time zone: MariaDB here has no named zones loaded, and production replicas
 * keep their own. Mind the MariaDB pitfall in the project notes: mysql-connector-j drops the fraction
 * of bound timestamps there, so bind {@code yyyy-MM-dd HH:mm:ss.SSS} text in fixtures.
 */
public final class MySqlServer extends TestDatabaseServer {

    static final String ENV_PREFIX = "SHARDLAKE_TEST_MYSQL_";

    /** useSSL=false + allowPublicKeyRetrieval: MySQL 8's caching_sha2_password over plain TCP. */
    static final String URL_PARAMETERS = "useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=UTF-8";

    private static final MySqlServer SHARED = new MySqlServer(
            ServerEndpoint.fromEnvironment(System.getenv(), ENV_PREFIX, 3306, "root"));

    MySqlServer(ServerEndpoint local) {
        this(local, DockerEngine::unavailableReason);
    }

    MySqlServer(ServerEndpoint local, Supplier<Optional<String>> containerUnavailableReason) {
        super("MySQL-compatible server", local, containerUnavailableReason);
    }

    /** The server shared by all test classes of this JVM. */
    public static MySqlServer shared() {
        return SHARED;
    }

    @Override
    protected String jdbcUrl(ServerEndpoint server, String database) {
        return "jdbc:mysql://" + server.host() + ":" + server.port() + "/" + database + "?" + URL_PARAMETERS;
    }

    @Override
    protected DataSource dataSource(String jdbcUrl, String user, String password) {
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    @Override
    protected String adminDatabase() {
        return "";
    }

    @Override
    protected String createDatabaseSql(String name) {
        // Explicit: a server's default character set may still be latin1; fixtures hold emoji.
        return "CREATE DATABASE " + name + " CHARACTER SET utf8mb4";
    }

    @Override
    protected String dropDatabaseSql(String name) {
        return "DROP DATABASE IF EXISTS " + name;
    }

    @Override
    protected ServerEndpoint startContainer() {
        return Containers.startMySql();
    }

    @Override
    protected String howToProvideAServer() {
        return "  - start the local MariaDB: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd\n"
                + "    (bash .ci/run starts it too), or\n"
                + "  - point the tests at a server you have: " + ServerEndpoint.variableNames(ENV_PREFIX) + ", or\n"
                + "  - start a Docker engine so Testcontainers can run " + Containers.MYSQL_IMAGE;
    }
}
