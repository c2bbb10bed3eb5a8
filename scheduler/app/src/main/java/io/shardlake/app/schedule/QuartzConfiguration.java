package io.shardlake.app.schedule;

import io.shardlake.engine.metadata.MetadataDialect;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Quartz's clustered JDBC job store on the metadata database (its tables come from the project's
 * Flyway migrations). The driver delegate depends on the database, so it is set here rather than
 * in application.yml: PostgreSQL needs PostgreSQLDelegate, H2 and MariaDB/MySQL StdJDBCDelegate.
 * The store is Spring's, reached under a name of this context's own ({@link ContextDataSourceJobStore}).
 */
@Configuration(proxyBeanMethods = false)
class QuartzConfiguration {

    @Bean
    SchedulerFactoryBeanCustomizer quartzDriverDelegate(DataSource dataSource, QuartzProperties quartz) {
        String delegate = MetadataDialect.of(dataSource).quartzDriverDelegateClass();
        return factory -> {
            // Replaces the properties Boot set, so Boot's ones are copied in first.
            Properties p = new Properties();
            p.putAll(quartz.getProperties());
            p.setProperty("org.quartz.jobStore.driverDelegateClass", delegate);
            p.setProperty("org.quartz.jobStore.class", ContextDataSourceJobStore.class.getName());
            factory.setQuartzProperties(p);
        };
    }
}
