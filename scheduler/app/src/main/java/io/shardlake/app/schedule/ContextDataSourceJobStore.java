package io.shardlake.app.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.SchedulerConfigException;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.scheduling.quartz.LocalDataSourceJobStore;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * Spring's job store on the context's DataSource, reached under a name of its own. Spring's store
 * registers the DataSource in Quartz's JVM-wide {@link DBConnectionManager} under the scheduler's
 * name, and every node's scheduler has the same name (clustering needs it): with two contexts in
 * one JVM (the Spring test-context cache, nodes started in one test JVM) every scheduler then talks
 * to the database of the context started last, and fires triggers of other databases in a context
 * that does not know their pipelines. Each instance here registers under a name of its own.
 */
public class ContextDataSourceJobStore extends LocalDataSourceJobStore {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    @Override
    public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
        DataSource dataSource = SchedulerFactoryBean.getConfigTimeDataSource();
        DataSource nonTransactional = SchedulerFactoryBean.getConfigTimeNonTransactionalDataSource();
        super.initialize(loadHelper, signaler);
        // The connections are looked up by name on every use, so renaming after initialising is enough.
        String name = "shardlake." + getInstanceName() + "#" + INSTANCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(name + ".tx", provider(() -> DataSourceUtils.doGetConnection(dataSource)));
        DataSource plain = nonTransactional != null ? nonTransactional : dataSource;
        DBConnectionManager.getInstance().addConnectionProvider(name + ".plain", provider(plain::getConnection));
        setDataSource(name + ".tx");
        setNonManagedTXDataSource(name + ".plain");
    }

    private interface Connections {
        Connection get() throws SQLException;
    }

    private static ConnectionProvider provider(Connections connections) {
        return new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return connections.get();
            }

            @Override
            public void shutdown() {
                // the DataSource belongs to the context, which closes it
            }

            @Override
            public void initialize() {
            }
        };
    }
}
