package io.shardlake.engine.run;

import io.shardlake.engine.metadata.MetadataDialect;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** Metadata databases for tests, migrated with the production migrations and placeholders. */
public final class MetadataDatabases {

    private MetadataDatabases() {
    }

    public static DataSource migrated(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(MetadataDialect.of(dataSource).flywayPlaceholders())
                .load()
                .migrate();
        return dataSource;
    }

    /** A fresh in-memory H2 database, migrated. */
    public static DataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return migrated(ds);
    }
}
