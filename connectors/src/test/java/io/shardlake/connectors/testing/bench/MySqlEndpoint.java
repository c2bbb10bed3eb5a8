package io.shardlake.connectors.testing.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The MySQL-compatible server of the benchmark shards, from {@code SHARDLAKE_BENCH_MYSQL_HOST},
 * {@code _PORT}, {@code _USER} and {@code _PASSWORD} (default 127.0.0.1:3306, root, no password).
 */
public record MySqlEndpoint(String host, int port, String user, String password) {

    public static final String ENV_PREFIX = "SHARDLAKE_BENCH_MYSQL_";

    /** The options every benchmark connection uses; the engine adds its own pool settings. */
    private static final String URL_PARAMETERS = "useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=UTF-8";

    public static MySqlEndpoint fromEnvironment(Map<String, String> env) {
        return new MySqlEndpoint(
                env.getOrDefault(ENV_PREFIX + "HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault(ENV_PREFIX + "PORT", "3306")),
                env.getOrDefault(ENV_PREFIX + "USER", "root"),
                env.getOrDefault(ENV_PREFIX + "PASSWORD", ""));
    }

    /** The URL of one database, as a shard of the engine's source connection sees it. */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + database + "?" + URL_PARAMETERS;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** A connection that may stream a local file to {@code LOAD DATA LOCAL INFILE}. */
    public Connection connectForLoading(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database) + "&allowLoadLocalInfile=true&rewriteBatchedStatements=true",
                user, password);
    }

    /** A connection to the server without a default database, for CREATE/DROP DATABASE. */
    public Connection connectToServer() throws SQLException {
        return connect("");
    }

    @Override
    public String toString() {
        return host + ":" + port + " as " + user; // never the password
    }
}
