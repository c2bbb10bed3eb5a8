package io.shardlake.app.schedule;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class QuartzTablesOnH2Test extends QuartzTablesContract {

    private static final String URL = "jdbc:h2:mem:quartz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    protected DataSource database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(URL);
        return ds;
    }
}
