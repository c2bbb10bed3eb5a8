package io.shardlake.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The shardlake service: schedules pipelines and loads MySQL shards into the Parquet lake. */
@SpringBootApplication(scanBasePackages = {"io.shardlake.app", "io.shardlake.web"})
@ConfigurationPropertiesScan
public class ShardlakeApplication {

    public static void main(String[] args) {
        SigtermExit.installIfRequested();
        SpringApplication.run(ShardlakeApplication.class, args);
    }
}
