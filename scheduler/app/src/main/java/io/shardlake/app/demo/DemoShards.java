package io.shardlake.app.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in demo source: in-memory H2 databases in MySQL mode standing in for shard replicas, so the
 * service runs with no external server. Each shard gets {@link DemoSchema} and initial rows at start;
 * then a single daemon thread runs {@link DemoDataGenerator#tick} on every shard at a fixed delay until
 * {@link #close()}, which also drops the databases.
 *
 * <p>Shards are {@code shard01..shardNN} at
 * {@code jdbc:h2:mem:<prefix>_sNN;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE}, user
 * {@value #USER}, empty password. {@code DB_CLOSE_DELAY=-1} keeps a database alive between connections
 * (and {@code DB_CLOSE_ON_EXIT=FALSE} through a graceful shutdown, until {@link #close()});
 * {@code DATABASE_TO_LOWER} makes unquoted names lower case as MySQL reports them.
 */
public final class DemoShards implements AutoCloseable {

    public static final int DEFAULT_SHARD_COUNT = 12;
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(2);
    public static final String DEFAULT_DATABASE_PREFIX = "shardlake_demo";
    public static final long DEFAULT_SEED = 20261123L;
    public static final String USER = "sa";
    public static final String PASSWORD = "";

    private static final Logger LOG = LoggerFactory.getLogger(DemoShards.class);
    private static final String H2_FLAGS = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";

    private final List<String> shardIds;
    private final List<String> jdbcUrls;
    private final DemoDataGenerator generator;
    private final ScheduledExecutorService ticker;
    /** Ticks between two hard deletes of an order (one shard at a time, in turn). */
    private static final int HARD_DELETE_EVERY_TICKS = 30;
    private long ticks;

    private DemoShards(int shardCount, String databasePrefix, DemoDataGenerator generator) {
        this.shardIds = IntStream.rangeClosed(1, shardCount).mapToObj(i -> String.format("shard%02d", i)).toList();
        this.jdbcUrls = IntStream.rangeClosed(1, shardCount)
                .mapToObj(i -> String.format("jdbc:h2:mem:%s_s%02d%s", databasePrefix, i, H2_FLAGS))
                .toList();
        this.generator = generator;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-shards-ticker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Twelve shards with the default volume, ticking every two seconds on the system clock. */
    public static DemoShards start() throws SQLException {
        return start(DEFAULT_SHARD_COUNT, DEFAULT_TICK_INTERVAL, DEFAULT_DATABASE_PREFIX, DEFAULT_SEED);
    }

    /** Shards with the default volume on the system clock; {@code seed} fixes the generated rows. */
    public static DemoShards start(int shardCount, Duration tickInterval, String databasePrefix, long seed)
            throws SQLException {
        return start(shardCount, tickInterval, databasePrefix,
                new DemoDataGenerator(seed, Clock.systemUTC(), DemoVolume.DEFAULT));
    }

    /**
     * Creates, fills and starts ticking the shards.
     *
     * @param databasePrefix H2 database names are {@code <prefix>_s01...}; must not be in use in this JVM
     * @throws IllegalStateException if a shard database with that prefix already exists in this JVM
     */
    public static DemoShards start(int shardCount, Duration tickInterval, String databasePrefix,
                                   DemoDataGenerator generator) throws SQLException {
        if (shardCount < 1 || shardCount > 99) {
            throw new IllegalArgumentException("Shard count must be 1..99: " + shardCount);
        }
        if (!databasePrefix.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Database prefix must be lower-case letters, digits, '_': " + databasePrefix);
        }
        DemoShards shards = new DemoShards(shardCount, databasePrefix, generator);
        shards.requireNoneExist(); // before the try: closing would drop the other instance's databases
        try {
            shards.createAndPopulate();
        } catch (SQLException | RuntimeException e) {
            shards.close();
            throw e;
        }
        long millis = tickInterval.toMillis();
        shards.ticker.scheduleWithFixedDelay(shards::tickAll, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("Demo source: {} in-memory shards ({}...), ticking every {}", shardCount,
                shards.jdbcUrls.get(0), tickInterval);
        return shards;
    }

    /** {@code shard01, shard02, ...}, in the order of {@link #jdbcUrls()}. */
    public List<String> shardIds() {
        return shardIds;
    }

    public List<String> jdbcUrls() {
        return jdbcUrls;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** Stops ticking, waits for a running tick, and drops every shard database. */
    @Override
    public void close() {
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Demo tick still running after 10 s; dropping the shards anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String url : jdbcUrls) {
            dropIfExists(url);
        }
    }

    private void requireNoneExist() {
        List<String> existing = new ArrayList<>();
        for (String url : jdbcUrls) {
            if (exists(url)) {
                existing.add(url);
            }
        }
        if (!existing.isEmpty()) {
            throw new IllegalStateException("Demo shard databases already exist in this JVM (another DemoShards"
                    + " with the same prefix is open?): " + existing);
        }
    }

    private void createAndPopulate() throws SQLException {
        for (String url : jdbcUrls) {
            try (Connection shard = DriverManager.getConnection(url, USER, PASSWORD)) {
                DemoSchema.applyTo(shard);
                // MySQL's CRC32, which reconciliations of keys aggregate on the replica
                try (java.sql.Statement s = shard.createStatement()) {
                    s.execute("CREATE ALIAS IF NOT EXISTS CRC32 FOR 'io.shardlake.connectors.source.KeyHashes.crc32'");
                }
                generator.populate(shard);
            }
        }
    }

    // Runs on the ticker thread: an exception escaping here would cancel all later ticks silently.
    private void tickAll() {
        ticks++;
        for (int i = 0; i < jdbcUrls.size(); i++) {
            try (Connection shard = DriverManager.getConnection(jdbcUrls.get(i), USER, PASSWORD)) {
                generator.tick(shard);
                // now and then one shard loses an order for good, as applications purge rows: only a reconciliation sees it
                if (ticks % HARD_DELETE_EVERY_TICKS == 0 && (ticks / HARD_DELETE_EVERY_TICKS) % jdbcUrls.size() == i) {
                    long id = generator.deleteAnOrder(shard);
                    if (id > 0) {
                        LOG.info("Demo: order {} was deleted from {} (a hard delete; POST /api/pipelines/orders/reconciliations finds it)",
                                id, shardIds.get(i));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Demo tick failed on {}", shardIds.get(i), e);
            }
        }
    }

    private static boolean exists(String url) {
        try (Connection ignored = DriverManager.getConnection(url + ";IFEXISTS=TRUE", USER, PASSWORD)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void dropIfExists(String url) {
        if (!exists(url)) {
            return;
        }
        try (Connection shard = DriverManager.getConnection(url, USER, PASSWORD);
             Statement statement = shard.createStatement()) {
            statement.execute("SHUTDOWN"); // removes an in-memory database with DB_CLOSE_DELAY=-1
        } catch (SQLException e) {
            LOG.warn("Could not drop demo shard {}", url, e);
        }
    }
}
