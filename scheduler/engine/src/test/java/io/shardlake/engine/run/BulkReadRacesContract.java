package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.AccessPath;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rows that change while a window is being read land exactly once overall, on either access
 * path, on every source dialect. Between two pages of a first load's read (its ceiling already
 * fixed), rows behind and ahead of the read position are moved above the ceiling and to a value
 * just below it (as a late commit would), and rows are inserted on both sides; the next run then
 * reads the window above. The lake must hold each (key, cursor value) the two reads could see
 * exactly once: the old version of a row the read had passed, never that of one it had not, and
 * every new version.
 */
abstract class BulkReadRacesContract {

    private static final int ROWS = 200;
    private static final int PAGE_ROWS = 20;
    /** The action runs before this page's query: 60 rows are behind the read position. */
    private static final int ACT_BEFORE_PAGE = 4;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path tmp;

    private LocalDateTime base;
    private final Map<Long, LocalDateTime> original = new TreeMap<>();

    /** The shard's JDBC URL; the shard has an {@code orders} table of {@link OrdersPipeline#DDL}. */
    protected abstract String jdbcUrl();

    protected abstract String user();

    protected abstract String password();

    protected abstract Connection connect() throws SQLException;



    @BeforeEach
    void rows() throws SQLException {
        execute("DELETE FROM orders");
        // An hour ago, cursor values independent of the key: old rows keep being updated.
        base = LocalDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.SECONDS);
        List<Integer> seconds = new ArrayList<>(IntStream.range(0, ROWS).boxed().toList());
        Collections.shuffle(seconds, new Random(7));
        original.clear();
        for (long id = 1; id <= ROWS; id++) {
            original.put(id, base.plusSeconds(seconds.get((int) id - 1)));
            insert(id, original.get(id));
        }
    }

    @ParameterizedTest
    @EnumSource(AccessPath.class)
    void rowsChangedAheadOfAndBehindTheReadLandExactlyOnce(AccessPath path) throws Exception {
        List<Long> order = new ArrayList<>(original.keySet());
        if (path == AccessPath.CURSOR_INDEX) {
            order.sort(Comparator.comparing((Long id) -> original.get(id)).thenComparing(id -> id));
        }
        int behind = (ACT_BEFORE_PAGE - 1) * PAGE_ROWS;
        long behindAbove = order.get(4);
        long behindBelow = order.get(behind - 10);
        long aheadAbove = order.get(behind + 30);
        long aheadBelow = order.get(behind + 90);
        Map<Long, LocalDateTime> changed = new TreeMap<>();
        Runnable race = () -> {
            // After the first load fixed its ceiling: "above" is past it, "below" inside the lookback under it.
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
            LocalDateTime above = now.plus(50, ChronoUnit.MILLIS);
            LocalDateTime below = now.minusSeconds(5);
            try {
                for (Map.Entry<Long, LocalDateTime> e : Map.of(behindAbove, above, behindBelow, below, aheadAbove, above.plusNanos(1_000_000),
                        aheadBelow, below.plusNanos(1_000_000)).entrySet()) {
                    execute("UPDATE orders SET updated_at = '" + text(e.getValue()) + "' WHERE id = " + e.getKey());
                    changed.put(e.getKey(), e.getValue());
                }
                // New rows under the ceiling: key 0 sorts before every key, ROWS + 1 after.
                insert(0, below.plusNanos(2_000_000));
                insert(ROWS + 1, below.plusNanos(3_000_000));
                changed.put(0L, below.plusNanos(2_000_000));
                changed.put((long) ROWS + 1, below.plusNanos(3_000_000));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        // The first load reads on `path`; the next, narrow window on whatever the estimates choose.
        double firstLoadFraction = path == AccessPath.PRIMARY_KEY ? 0 : 2;
        DataSource metadata = MetadataDatabases.h2("races" + DATABASES.incrementAndGet());
        JdbcRunRepository runs = new JdbcRunRepository(metadata);

        RunRecord first = run(metadata, runs, firstLoadFraction, race);
        Thread.sleep(100); // the next ceiling passes the rows moved "above"
        RunRecord second = run(metadata, runs, EngineSettings.DEFAULT_PRIMARY_KEY_SCAN_FRACTION, null);

        assertThat(first.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(second.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(changed).as("the race ran").hasSize(6);
        assertThat(runs.shardRuns(first.id()).get(0).read().accessPath()).isEqualTo(path.label());
        List<String> expected = new ArrayList<>();
        List<Long> passed = order.subList(0, behind);
        original.forEach((id, cursor) -> {
            if (!changed.containsKey(id) || passed.contains(id)) {
                expected.add(version(id, cursor));
            }
        });
        changed.forEach((id, cursor) -> expected.add(version(id, cursor)));
        assertThat(lakeVersions()).as("(key, cursor) in the lake").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private RunRecord run(DataSource metadata, JdbcRunRepository runs, double primaryKeyScanFraction, Runnable race) {
        EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, PAGE_ROWS, 100, 1, tmp.resolve("work"), 1,
                primaryKeyScanFraction);
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop", List.of(new Shard("shard01", jdbcUrl())),
                ZoneOffset.UTC, user(), password(), 1, null)));
        PipelineRunner runner = new PipelineRunner(sources, runs, new LocalObjectStore(tmp.resolve("warehouse")), settings,
                Clock.systemUTC());
        if (race != null) {
            runner.wrapShardDataSources(ds -> PageQueryHook.beforePage(ds, ACT_BEFORE_PAGE, race));
        }
        try (RunNow now = new RunNow(runner, new JdbcRunQueue(metadata), runs, Clock.systemUTC())) {
            return now.run(OrdersPipeline.definition("shop", 0.01), "MANUAL").orElseThrow();
        }
    }

    private List<String> lakeVersions() {
        return DuckDbLake.query("SELECT order_id, epoch_ms(updated_at) AS at FROM read_parquet('"
                        + tmp.resolve("warehouse").resolve("orders") + "/*/*.parquet', hive_partitioning = true)").stream()
                .map(r -> r.get("order_id") + "@" + r.get("at")).toList();
    }

    private static String version(long id, LocalDateTime cursor) {
        return id + "@" + cursor.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static String text(LocalDateTime value) {
        return value.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
    }

    private void insert(long id, LocalDateTime updatedAt) throws SQLException {
        execute("INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES (" + id + ", 'new', 1.00, NULL, NULL, '"
                + text(updatedAt) + "')");
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
