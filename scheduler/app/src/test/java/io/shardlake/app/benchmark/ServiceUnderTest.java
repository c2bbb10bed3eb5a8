package io.shardlake.app.benchmark;

import io.shardlake.app.ShardlakeApplication;
import io.shardlake.app.TestLogins;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real service (Spring Boot, Quartz's clustered JDBC store, the scheduler loops, the engine),
 * started in this JVM on the benchmark's metadata database, definitions, source and lake, with two
 * probes added: the statement counter around its {@code DataSource} and {@link RunStarts} as its
 * run listener. Logs go to {@code service.log} in the work folder at the service's own levels, so
 * logging costs what it costs in production.
 */
final class ServiceUnderTest {

    private ServiceUnderTest() {
    }

    static ConfigurableApplicationContext start(SchedulerBenchOptions options, BenchDatabases databases, List<String> shardDatabases,
                                                StatementCounter counter, RunStarts starts) {
        Path dir = options.workDir();
        List<String> args = new ArrayList<>(List.of(
                "--spring.main.banner-mode=off",
                "--server.port=0",
                "--logging.file.name=" + dir.resolve("service.log"),
                "--logging.threshold.console=OFF",
                "--spring.datasource.url=" + databases.metadataUrl(),
                "--spring.datasource.username=" + options.server().user(),
                "--spring.datasource.password=" + options.server().password(),
                "--shardlake.demo.enabled=false",
                "--shardlake.definitions=" + dir.resolve("definitions"),
                "--shardlake.warehouse.path=" + dir.resolve("warehouse"),
                "--shardlake.extract.work-directory=" + dir.resolve("work"),
                "--shardlake.sources." + PipelineFiles.CONNECTION + ".username=" + options.server().user(),
                "--shardlake.sources." + PipelineFiles.CONNECTION + ".password=" + options.server().password()));
        for (int i = 0; i < shardDatabases.size(); i++) {
            String shard = "--shardlake.sources." + PipelineFiles.CONNECTION + ".shards[" + i + "].";
            args.add(shard + "id=" + String.format("shard%02d", i + 1));
            args.add(shard + "url=" + databases.shardUrl(shardDatabases.get(i)));
        }
        TestLogins.ADMIN_PROPERTIES.forEach(p -> args.add("--" + p));
        args.addAll(options.serviceArgs());
        return new SpringApplicationBuilder(ShardlakeApplication.class)
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("schedulerBenchRunStarts", starts);
                    context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                        @Override
                        public Object postProcessAfterInitialization(Object bean, String name) {
                            return bean instanceof DataSource ds && name.equals("dataSource") ? counter.wrap(ds) : bean;
                        }
                    });
                })
                .run(args.toArray(String[]::new));
    }
}
