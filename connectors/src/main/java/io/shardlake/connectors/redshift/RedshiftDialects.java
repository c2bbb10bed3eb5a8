package io.shardlake.connectors.redshift;

/** The dialect a target's JDBC URL calls for. */
public final class RedshiftDialects {

    private RedshiftDialects() {
    }

    /**
     * {@link Redshift} for {@code jdbc:redshift:}, {@link PostgreSqlDialect} for {@code jdbc:postgresql:}.
     *
     * @throws IllegalArgumentException for any other URL, or COPY mode on PostgreSQL (COPY from S3 is Redshift's)
     */
    public static RedshiftDialect of(RedshiftSettings settings) {
        String url = settings.jdbcUrl();
        if (url.startsWith("jdbc:redshift:")) {
            return new Redshift();
        }
        if (url.startsWith("jdbc:postgresql:")) {
            if (settings.mode() == RedshiftLoadMode.COPY) {
                throw new IllegalArgumentException("shardlake.redshift.mode: COPY from S3 is Redshift's; a PostgreSQL target"
                        + " (shardlake.redshift.jdbc-url=jdbc:postgresql:...) loads with shardlake.redshift.mode=batched-insert");
            }
            return new PostgreSqlDialect();
        }
        throw new IllegalArgumentException("shardlake.redshift.jdbc-url: expected jdbc:redshift://host:5439/db (or jdbc:postgresql:"
                + " for a PostgreSQL target), was " + io.shardlake.connectors.source.JdbcUrls.redact(url));
    }
}
