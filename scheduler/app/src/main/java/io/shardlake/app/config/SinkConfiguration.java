package io.shardlake.app.config;

import com.zaxxer.hikari.HikariDataSource;
import io.shardlake.connectors.athena.AthenaCatalog;
import io.shardlake.connectors.athena.AthenaQueries;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.objectstore.S3ObjectStore;
import io.shardlake.connectors.redshift.RedshiftDataSources;
import io.shardlake.connectors.redshift.RedshiftDialects;
import io.shardlake.connectors.redshift.RedshiftLoadMode;
import io.shardlake.connectors.redshift.RedshiftLoader;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.metadata.JdbcSinkDeliveries;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.sink.AthenaSink;
import io.shardlake.engine.sink.RedshiftSink;
import io.shardlake.engine.sink.RunSinks;
import io.shardlake.engine.sink.TableSink;
import io.shardlake.engine.sink.UnconfiguredSink;
import io.shardlake.engine.current.CurrentTableSink;
import io.shardlake.engine.current.CurrentTableUpdater;
import io.shardlake.engine.metadata.JdbcCurrentTables;
import io.shardlake.engine.run.WorkDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where committed runs go besides the lake's files: the Athena catalog ({@code shardlake.athena.enabled})
 * and the legacy Redshift cluster (configured by {@code shardlake.redshift.jdbc-url}, used by the
 * pipelines that opt in).
 */
@Configuration(proxyBeanMethods = false)
class SinkConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "shardlake.athena.enabled", havingValue = "true")
    AthenaQueries athenaQueries(AthenaProperties athena, Clock clock) {
        return AthenaQueries.create(athena.settings(), clock);
    }

    /**
     * The Redshift connections, held in a wrapper on purpose: a second DataSource bean would make
     * Spring Boot take it for the metadata database.
     */
    record RedshiftPool(HikariDataSource dataSource) implements AutoCloseable {
        @Override
        public void close() {
            dataSource.close();
        }
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "shardlake.redshift.jdbc-url")
    RedshiftPool redshiftPool(RedshiftProperties redshift) {
        return new RedshiftPool(RedshiftDataSources.pool(redshift.settings()));
    }

    @Bean
    RunSinks runSinks(ObjectProvider<AthenaQueries> athenaQueries, AthenaProperties athena, RedshiftProperties redshift,
                      ObjectProvider<RedshiftPool> redshiftPool, ObjectStore store, CurrentProperties current, WorkDirectory work,
                      DataSource metadata, RunRepository runs, PartitionGenerations generations, Clock clock) throws IOException {
        List<TableSink> sinks = new ArrayList<>();
        // first: the current-state table is the lake's own, and the Athena catalog points at it
        sinks.add(new CurrentTableSink(new CurrentTableUpdater(store, new JdbcCurrentTables(metadata), current.settings(),
                Files.createDirectories(work.path().resolve("current")), InetAddress.getLocalHost().getHostName(), clock)));
        AthenaQueries queries = athenaQueries.getIfAvailable();
        if (queries != null) {
            if (!(store instanceof S3ObjectStore s3)) {
                throw new IllegalStateException("shardlake.athena.enabled=true needs the lake on S3 (shardlake.warehouse.type=s3):"
                        + " Athena reads tables from S3 only");
            }
            sinks.add(new AthenaSink(new AthenaCatalog(queries), s3.settings(), store, generations, clock));
        }
        if (redshift.configured()) {
            if (redshift.settings().mode() == RedshiftLoadMode.COPY && !(store instanceof S3ObjectStore)) {
                throw new IllegalStateException("shardlake.redshift.mode=copy has Redshift read each run's files from S3, but the lake"
                        + " is local: set shardlake.warehouse.type=s3, or shardlake.redshift.mode=batched-insert");
            }
            sinks.add(new RedshiftSink(new RedshiftLoader(redshiftPool.getObject().dataSource(), redshift.settings(), RedshiftDialects.of(redshift.settings()), store), store));
        } else {
            sinks.add(new UnconfiguredSink("redshift", t -> t.definition().target().redshift(), "shardlake.redshift.jdbc-url, .user,"
                    + " .password and (for COPY) .iam-role-arn"));
        }
        return new RunSinks(sinks, new JdbcSinkDeliveries(metadata), runs, generations, store.movesFolders(), clock);
    }
}
