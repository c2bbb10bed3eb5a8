package io.shardlake.app.config;

import io.shardlake.app.demo.DemoShards;
import io.shardlake.connectors.source.SourceTimeouts;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.web.security.SecurityProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code shardlake.*} but the scheduler, sinks, alerts, metrics and security (their
 * own records); see README "Configuration" for each key. A key left out (null) takes its default,
 * stated once in the compact constructors here: the embedded defaults of the quick start. Paths are
 * bound as text: Spring's Path conversion rejects "../x".
 *
 * @param definitions folder of pipeline definitions (YAML)
 * @param sources     source connections by name, in configuration order; definitions refer to them by that name
 */
@ConfigurationProperties("shardlake")
public record ShardlakeProperties(String definitions, Warehouse warehouse, Extract extract, Demo demo, Map<String, Source> sources) {

    public ShardlakeProperties {
        definitions = definitions == null ? "dag-definitions" : definitions;
        warehouse = warehouse == null ? new Warehouse(null, null, null) : warehouse;
        extract = extract == null ? new Extract(null, null, null, null, null, null, null, null) : extract;
        demo = demo == null ? new Demo(null, null, null, null, null) : demo;
        sources = sources == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    public Path definitionsFolder() {
        return Path.of(definitions);
    }

    /**
     * Where the lake lives.
     *
     * @param path root folder of the lake when type is local
     */
    public record Warehouse(Type type, String path, S3 s3) {
        public enum Type { LOCAL, S3 }

        public Warehouse {
            type = type == null ? Type.LOCAL : type;
            path = path == null ? "data/warehouse" : path;
            s3 = s3 == null ? new S3(null, null, null, null, null, null, null) : s3;
        }

        public Path localRoot() {
            return Path.of(path);
        }
    }

    /**
     * S3 location of the lake; credentials come from the AWS default provider chain.
     *
     * @param endpoint     endpoint override for S3-compatible servers (MinIO, S3Proxy); empty for AWS
     * @param createBucket create the bucket at start if missing (development only)
     */
    public record S3(String bucket, String prefix, String region, String endpoint, Boolean pathStyle, Long partSizeBytes,
                     Boolean createBucket) {
        public S3 {
            prefix = prefix == null ? "" : prefix;
            region = region == null ? "us-east-1" : region;
            pathStyle = pathStyle != null && pathStyle;
            partSizeBytes = partSizeBytes == null ? 16L * 1024 * 1024 : partSizeBytes;
            createBucket = createBucket != null && createBucket;
        }
    }

    /** The data path's tuning; see {@link EngineSettings}. */
    public record Extract(Duration lookback, Duration safetyLag, Integer chunkRows, Integer dedupeBatchRows, Integer quarantineMinRows,
                          String workDirectory, Integer parallelism, Double primaryKeyScanFraction) {
        public Extract {
            lookback = lookback == null ? Duration.ofMinutes(10) : lookback;
            safetyLag = safetyLag == null ? Duration.ofSeconds(5) : safetyLag;
            chunkRows = chunkRows == null ? 100_000 : chunkRows;
            dedupeBatchRows = dedupeBatchRows == null ? 10_000 : dedupeBatchRows;
            quarantineMinRows = quarantineMinRows == null ? 5 : quarantineMinRows;
            workDirectory = workDirectory == null ? Path.of(System.getProperty("java.io.tmpdir"), "shardlake-work").toString()
                    : workDirectory;
            parallelism = parallelism == null ? Math.max(2, Runtime.getRuntime().availableProcessors()) : parallelism;
            primaryKeyScanFraction = primaryKeyScanFraction == null ? EngineSettings.DEFAULT_PRIMARY_KEY_SCAN_FRACTION
                    : primaryKeyScanFraction;
        }

        public Path workDirectoryPath() {
            return Path.of(workDirectory);
        }
    }

    /**
     * A source connection: shard URLs here, credentials from the environment.
     *
     * @param zone     zone of the source's DATETIME values
     * @param lagQuery optional SQL returning replication lag in seconds (NULL = stopped), e.g. a pt-heartbeat query
     */
    public record Source(List<ShardUrl> shards, ZoneId zone, String username, String password, Integer maxConcurrentPerHost,
                         String lagQuery, Duration connectTimeout, Duration readTimeout, Duration queryTimeout) {
        public Source {
            shards = shards == null ? List.of() : List.copyOf(shards);
            zone = zone == null ? ZoneId.of("UTC") : zone;
            maxConcurrentPerHost = maxConcurrentPerHost == null ? 2 : maxConcurrentPerHost;
            connectTimeout = connectTimeout == null ? SourceTimeouts.DEFAULTS.connect() : connectTimeout;
            readTimeout = readTimeout == null ? SourceTimeouts.DEFAULTS.read() : readTimeout;
            queryTimeout = queryTimeout == null ? SourceTimeouts.DEFAULTS.query() : queryTimeout;
        }

        /** The timeouts, checked: a zero or negative one is refused at start naming its key. */
        public SourceTimeouts timeouts() {
            return new SourceTimeouts(connectTimeout, readTimeout, queryTimeout);
        }

        /** Never prints the password. */
        @Override
        public String toString() {
            return "Source[shards=" + shards + ", zone=" + zone + ", username=" + username + ", maxConcurrentPerHost="
                    + maxConcurrentPerHost + ", lagQuery=" + lagQuery + ", timeouts=" + timeouts() + "]";
        }
    }

    /** One shard of a source. */
    public record ShardUrl(String id, String url) {
    }

    /**
     * The built-in demo source: 12 embedded shards whose data keeps changing.
     *
     * @param connection     the connection name the demo shards are registered under
     * @param databasePrefix name prefix of the embedded demo databases (one service per JVM uses one prefix)
     * @param users          who may log in while the demo is on and {@code shardlake.security.users} is empty;
     *                       by default {@link #QUICK_START_USERS}. Configuring any user replaces them all
     */
    public record Demo(Boolean enabled, String connection, Duration tickInterval, String databasePrefix,
                       List<SecurityProperties.User> users) {

        /**
         * The quick start's accounts, password = name + "-demo" (bcrypt). They log in only while the demo is
         * on and shardlake.security.users is empty; with the demo off and no users (and no OIDC) the service
         * does not start. Never use them for real data.
         */
        public static final List<SecurityProperties.User> QUICK_START_USERS = List.of(
                new SecurityProperties.User("admin", "{bcrypt}$2a$10$CjzEyKv2YobS7kAinoLmWulCjl6n1KU1nO3X7KKXFWLISPfe/VbP.",
                        List.of("ADMIN")),
                new SecurityProperties.User("analyst", "{bcrypt}$2a$10$sa6DtFVG5/7drgwIDIn3WucaYnwzXWot2q0ezkiyZV.vc9Ih58eWu",
                        List.of("ANALYST")),
                new SecurityProperties.User("operator", "{bcrypt}$2a$10$F/As.0iCYShOpuwUEtJ0JuFIQP.D/HoNUWYWainlyQIPeuIaHPK52",
                        List.of("OPERATOR")),
                new SecurityProperties.User("viewer", "{bcrypt}$2a$10$vANFc275epiJjrkH1BCIDOQGbUEVgdanr3ZXsdnmaL/GHO/vEtlVe",
                        List.of("VIEWER")));

        public Demo {
            enabled = enabled == null || enabled;
            connection = connection == null ? "shop" : connection;
            tickInterval = tickInterval == null ? DemoShards.DEFAULT_TICK_INTERVAL : tickInterval;
            databasePrefix = databasePrefix == null ? DemoShards.DEFAULT_DATABASE_PREFIX : databasePrefix;
            users = users == null ? QUICK_START_USERS : List.copyOf(users);
        }
    }
}
