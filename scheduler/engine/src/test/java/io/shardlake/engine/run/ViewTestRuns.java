package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Runs of a pipeline against the MariaDB test databases, one after another to the end, into a
 * local lake in a test's folder, for the joined-view and delete tests: a 10-minute lookback, no
 * safety lag, small pages (so paging is exercised) and a fresh H2 metadata database per test.
 */
final class ViewTestRuns {

    private static final AtomicInteger METADATA = new AtomicInteger();

    private final Path folder;
    private final SourceConnections sources;
    private final int pageRows;
    private final DataSource metadata;
    final JdbcRunRepository runs;
    final io.shardlake.engine.metadata.JdbcKeyIndexStore keyIndex;
    final io.shardlake.engine.metadata.JdbcReconciliations reconciliations;
    static final Duration LOOKBACK = Duration.ofMinutes(10);
    private PipelineSinks sinks = PipelineSinks.NONE;

    ViewTestRuns(Path folder, SourceConnections sources, int pageRows) {
        this.folder = folder;
        this.sources = sources;
        this.pageRows = pageRows;
        this.metadata = MetadataDatabases.h2("views" + METADATA.incrementAndGet());
        this.runs = new JdbcRunRepository(metadata);
        this.keyIndex = new io.shardlake.engine.metadata.JdbcKeyIndexStore(metadata);
        this.reconciliations = new io.shardlake.engine.metadata.JdbcReconciliations(metadata);
    }

    /** Committed runs go to {@code sinks} from now on (none by default). */
    ViewTestRuns deliveringTo(PipelineSinks sinks) {
        this.sinks = sinks;
        return this;
    }

    Path warehouse() {
        return folder.resolve("warehouse");
    }

    /** The connection {@code name} to some of the test databases, each a shard named as it is. */
    static SourceConnection connection(String name, MySqlShards databases, List<String> shardIds) {
        return new SourceConnection(name, shardIds.stream().map(s -> new Shard(s, databases.jdbcUrl(s))).toList(), ZoneOffset.UTC,
                databases.user(), databases.password(), 2, null);
    }

    /** Runs {@code definition} once, manually, and checks that it succeeded. */
    RunRecord run(PipelineDefinition definition) throws Exception {
        return run(definition, RunState.SUCCEEDED);
    }

    RunRecord run(PipelineDefinition definition, RunState expected) throws Exception {
        try (RunNow now = node(null)) {
            RunRecord run = now.run(definition, "MANUAL").orElseThrow();
            assertThat(run.state()).as(run.toString()).isEqualTo(expected);
            return run;
        }
    }

    /** Claims and runs a run already queued (an EVENT run the batcher queued), and checks how it ended. */
    RunRecord runQueued(RunRecord queued, PipelineDefinition definition, EntityEventStore events,
                        RunState expected) throws Exception {
        try (RunNow now = node(events)) {
            RunRecord run = now.runQueued(queued, definition).orElseThrow();
            assertThat(run.state()).as(run.toString()).isEqualTo(expected);
            return run;
        }
    }

    /**
     * Runs a RECONCILE run of {@code definition} to its end; what it finds is queued in {@code events},
     * its findings in {@link #reconciliations}.
     */
    RunRecord reconcile(PipelineDefinition definition, EntityEventStore events, RunState expected) throws Exception {
        try (RunNow now = node(events)) {
            RunRecord run = now.run(definition, "RECONCILE").orElseThrow();
            assertThat(run.state()).as(run.toString()).isEqualTo(expected);
            return run;
        }
    }

    private volatile Throwable nextCommitFault;

    /** The next shard commit throws {@code fault} instead (an {@link Error} acts as a kill: nothing is cleaned up). */
    void failNextCommit(Throwable fault) {
        nextCommitFault = fault;
    }

    private RunRepository repository() {
        return (RunRepository) java.lang.reflect.Proxy.newProxyInstance(RunRepository.class.getClassLoader(),
                new Class<?>[] {RunRepository.class}, (proxy, method, args) -> {
                    Throwable fault = nextCommitFault;
                    if (fault != null && method.getName().equals("commitShard") && args.length == 8) {
                        nextCommitFault = null;
                        throw fault;
                    }
                    try {
                        return method.invoke(runs, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A runner on the test's lake and metadata; {@code events} (or null) is where EVENT runs find their events. */
    private RunNow node(EntityEventStore events) {
        EngineSettings settings = new EngineSettings(LOOKBACK, Duration.ZERO, pageRows, 100, 1, folder.resolve("work"), 2);
        ShardReconciler reconciler = events == null ? null
                : new ShardReconciler(runs, keyIndex, events, reconciliations, LOOKBACK, Clock.systemUTC());
        PipelineRunner runner = new PipelineRunner(sources, repository(), new LocalObjectStore(folder.resolve("warehouse")), null,
                sinks, events, reconciler, settings, Clock.systemUTC());
        return new RunNow(runner, new JdbcRunQueue(metadata), runs, Clock.systemUTC());
    }

    /**
     * The lake's current state of {@code table} (newest version per order, tombstones left out) equals
     * the test shard's {@code orders (id, status)}, and no (order, version) is in the lake twice.
     */
    void assertCurrentStateEqualsOrders(MySqlShards shards, String table) throws java.sql.SQLException {
        List<String> expected = new java.util.ArrayList<>();
        try (java.sql.Connection c = shards.connection("shard01"); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT id, status FROM orders")) {
            while (rs.next()) {
                expected.add(rs.getLong(1) + "|" + rs.getString(2));
            }
        }
        String files = files(table);
        List<String> current = io.shardlake.connectors.testing.DuckDbLake.query("SELECT order_id, status FROM (SELECT *, row_number()"
                        + " OVER (PARTITION BY order_id ORDER BY updated_at DESC, _run_seq DESC) AS rn FROM " + files + ") WHERE rn = 1"
                        + " AND NOT _deleted").stream().map(r -> r.get("order_id") + "|" + r.get("status")).toList();
        assertThat(current).as("current state vs the table").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(io.shardlake.connectors.testing.DuckDbLake.query("SELECT order_id FROM " + files
                + " GROUP BY order_id, updated_at HAVING count(*) > 1")).as("versions loaded twice").isEmpty();
    }

    DataSource metadata() {
        return metadata;
    }

    /** DuckDB's reader of every version of {@code table} in the lake. */
    String files(String table) {
        return "read_parquet('" + folder.resolve("warehouse").resolve(table) + "/*/*.parquet', hive_partitioning = true)";
    }

    static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    /** A cursor value as SQL text. */
    static String text(LocalDateTime value) {
        return value.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
    }
}
