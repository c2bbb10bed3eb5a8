package io.shardlake.app.config;

import io.shardlake.connectors.source.SourceTimeouts;
import io.shardlake.engine.run.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code shardlake.*} in the configuration. Defaults here are the embedded
 * defaults of the quick start; see README "Configuration" for each key.
 */
@ConfigurationProperties("shardlake")
public class ShardlakeProperties {

    /** Folder of pipeline definitions (YAML). Paths are bound as text: Spring's Path conversion rejects "../x". */
    private String definitions = "dag-definitions";
    private final Warehouse warehouse = new Warehouse();
    private final Extract extract = new Extract();
    private final Demo demo = new Demo();
    /** Source connections by name; definitions refer to them by that name. */
    private Map<String, Source> sources = new LinkedHashMap<>();

    public Path getDefinitions() {
        return Path.of(definitions);
    }

    public void setDefinitions(String definitions) {
        this.definitions = definitions;
    }

    public Warehouse getWarehouse() {
        return warehouse;
    }

    public Extract getExtract() {
        return extract;
    }

    public Demo getDemo() {
        return demo;
    }

    public Map<String, Source> getSources() {
        return sources;
    }

    public void setSources(Map<String, Source> sources) {
        this.sources = sources;
    }

    /** Where the lake lives. */
    public static class Warehouse {
        public enum Type { LOCAL, S3 }

        private Type type = Type.LOCAL;
        /** Root folder of the lake when type is local. */
        private String path = "data/warehouse";
        private final S3 s3 = new S3();

        public Type getType() {
            return type;
        }

        public void setType(Type type) {
            this.type = type;
        }

        public Path getPath() {
            return Path.of(path);
        }

        public void setPath(String path) {
            this.path = path;
        }

        public S3 getS3() {
            return s3;
        }
    }

    /** S3 location of the lake; credentials come from the AWS default provider chain. */
    public static class S3 {
        private String bucket;
        private String prefix = "";
        private String region = "us-east-1";
        /** Endpoint override for S3-compatible servers (MinIO, S3Proxy); empty for AWS. */
        private String endpoint;
        private boolean pathStyle;
        private long partSizeBytes = 16L * 1024 * 1024;
        /** Create the bucket at start if missing (development only). */
        private boolean createBucket;

        public String getBucket() {
            return bucket;
        }

        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public boolean isPathStyle() {
            return pathStyle;
        }

        public void setPathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
        }

        public long getPartSizeBytes() {
            return partSizeBytes;
        }

        public void setPartSizeBytes(long partSizeBytes) {
            this.partSizeBytes = partSizeBytes;
        }

        public boolean isCreateBucket() {
            return createBucket;
        }

        public void setCreateBucket(boolean createBucket) {
            this.createBucket = createBucket;
        }
    }

    /** The data path's tuning; see {@code EngineSettings}. */
    public static class Extract {
        private Duration lookback = Duration.ofMinutes(10);
        private Duration safetyLag = Duration.ofSeconds(5);
        private int chunkRows = 100_000;
        private int dedupeBatchRows = 10_000;
        private int quarantineMinRows = 5;
        private String workDirectory = Path.of(System.getProperty("java.io.tmpdir"), "shardlake-work").toString();
        private int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());
        private double primaryKeyScanFraction = EngineSettings.DEFAULT_PRIMARY_KEY_SCAN_FRACTION;

        public double getPrimaryKeyScanFraction() {
            return primaryKeyScanFraction;
        }

        public void setPrimaryKeyScanFraction(double primaryKeyScanFraction) {
            this.primaryKeyScanFraction = primaryKeyScanFraction;
        }

        public Duration getLookback() {
            return lookback;
        }

        public void setLookback(Duration lookback) {
            this.lookback = lookback;
        }

        public Duration getSafetyLag() {
            return safetyLag;
        }

        public void setSafetyLag(Duration safetyLag) {
            this.safetyLag = safetyLag;
        }

        public int getChunkRows() {
            return chunkRows;
        }

        public void setChunkRows(int chunkRows) {
            this.chunkRows = chunkRows;
        }

        public int getDedupeBatchRows() {
            return dedupeBatchRows;
        }

        public void setDedupeBatchRows(int dedupeBatchRows) {
            this.dedupeBatchRows = dedupeBatchRows;
        }

        public int getQuarantineMinRows() {
            return quarantineMinRows;
        }

        public void setQuarantineMinRows(int quarantineMinRows) {
            this.quarantineMinRows = quarantineMinRows;
        }

        public Path getWorkDirectory() {
            return Path.of(workDirectory);
        }

        public void setWorkDirectory(String workDirectory) {
            this.workDirectory = workDirectory;
        }

        public int getParallelism() {
            return parallelism;
        }

        public void setParallelism(int parallelism) {
            this.parallelism = parallelism;
        }
    }

    /** A source connection: shard URLs here, credentials from the environment. */
    public static class Source {
        private List<ShardUrl> shards = new ArrayList<>();
        /** Zone of the source's DATETIME values. */
        private ZoneId zone = ZoneId.of("UTC");
        private String username;
        private String password;
        private int maxConcurrentPerHost = 2;
        /** Optional SQL returning replication lag in seconds (NULL = stopped), e.g. a pt-heartbeat query. */
        private String lagQuery;
        private Duration connectTimeout = SourceTimeouts.DEFAULTS.connect();
        private Duration readTimeout = SourceTimeouts.DEFAULTS.read();
        private Duration queryTimeout = SourceTimeouts.DEFAULTS.query();

        /** The timeouts, checked: a zero or negative one is refused at start naming its key. */
        public SourceTimeouts timeouts() {
            return new SourceTimeouts(connectTimeout, readTimeout, queryTimeout);
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public Duration getQueryTimeout() {
            return queryTimeout;
        }

        public void setQueryTimeout(Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
        }

        public List<ShardUrl> getShards() {
            return shards;
        }

        public void setShards(List<ShardUrl> shards) {
            this.shards = shards;
        }

        public ZoneId getZone() {
            return zone;
        }

        public void setZone(ZoneId zone) {
            this.zone = zone;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public int getMaxConcurrentPerHost() {
            return maxConcurrentPerHost;
        }

        public void setMaxConcurrentPerHost(int maxConcurrentPerHost) {
            this.maxConcurrentPerHost = maxConcurrentPerHost;
        }

        public String getLagQuery() {
            return lagQuery;
        }

        public void setLagQuery(String lagQuery) {
            this.lagQuery = lagQuery;
        }
    }

    /** One shard of a source. */
    public static class ShardUrl {
        private String id;
        private String url;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }
    }

    /** The built-in demo source: 12 embedded shards whose data keeps changing. */
    public static class Demo {
        private boolean enabled = true;
        /** The connection name the demo shards are registered under. */
        private String connection = "shop";
        private Duration tickInterval = Duration.ofSeconds(2);
        /** Name prefix of the embedded demo databases (one service per JVM uses one prefix). */
        private String databasePrefix = "shardlake_demo";
        /**
         * Who may log in while the demo is on and {@code shardlake.security.users} is empty (application.yml:
         * admin, analyst, operator, viewer). Configuring any user replaces them all.
         */
        private List<io.shardlake.web.security.SecurityProperties.User> users = new ArrayList<>();

        public List<io.shardlake.web.security.SecurityProperties.User> getUsers() {
            return users;
        }

        public void setUsers(List<io.shardlake.web.security.SecurityProperties.User> users) {
            this.users = users;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getConnection() {
            return connection;
        }

        public void setConnection(String connection) {
            this.connection = connection;
        }

        public Duration getTickInterval() {
            return tickInterval;
        }

        public void setTickInterval(Duration tickInterval) {
            this.tickInterval = tickInterval;
        }

        public String getDatabasePrefix() {
            return databasePrefix;
        }

        public void setDatabasePrefix(String databasePrefix) {
            this.databasePrefix = databasePrefix;
        }
    }
}
