package io.shardlake.connectors.source;

/** Picks the dialect of a shard from its JDBC URL. */
public final class SourceDialects {

    private SourceDialects() {
    }

    /** @throws IllegalArgumentException for URLs of databases that are not supported sources */
    public static SourceDialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
            return new MySqlDialect();
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return new H2Dialect();
        }
        throw new IllegalArgumentException("unsupported source URL '" + JdbcUrls.redact(jdbcUrl)
                + "'; shards are MySQL/MariaDB (jdbc:mysql://host:3306/db) or the embedded demo (jdbc:h2:)");
    }
}
