package io.shardlake.engine.metadata;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class H2ViewerPreferencesTest extends ViewerPreferencesContract {

    @Override
    protected DataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:viewer_preferences_contract;DB_CLOSE_DELAY=-1");
        return ds;
    }
}
