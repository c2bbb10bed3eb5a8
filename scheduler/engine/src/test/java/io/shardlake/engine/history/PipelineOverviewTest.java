package io.shardlake.engine.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.metadata.JdbcRunHistory;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The pipeline list over 120 pipelines on a migrated H2 metadata database: search, status filter, pages of 50, freshness. */
class PipelineOverviewTest {

    private static final Instant NOW = Instant.parse("2026-03-10T10:07:30Z");

    private final SettableClock clock = new SettableClock(NOW);
    private final PipelineCatalog catalog = GeneratedPipelines.catalog(120);
    private DataSource db;
    private RunQueue queue;
    private PipelineOverview overview;

    @BeforeEach
    void setUp() {
        db = MetadataDatabases.h2("pages_overview_" + UUID.randomUUID());
        queue = new JdbcRunQueue(db);
        overview = new PipelineOverview(() -> catalog, queue, new JdbcRunHistory(db), clock);
    }

    private void run(String pipeline, RunState end, Instant queuedAt, long seconds) {
        RunRecord run = queue.enqueue(RunRecord.queued(UUID.randomUUID().toString(), pipeline, "k:" + UUID.randomUUID(), TriggerKind.MANUAL,
                "v1", new DataInterval(queuedAt.minusSeconds(900), queuedAt), queuedAt, null, List.of())).run();
        if (end == RunState.QUEUED) {
            return;
        }
        RunRecord claimed = queue.claim(run.id(), new RunQueue.ClaimLimits(10, 10), "node", queuedAt, queuedAt.plusSeconds(600)).orElseThrow();
        if (end != RunState.RUNNING) {
            queue.finish(claimed, end, new ShardCounts(5, 0, 5, 0, 1, 10), null, queuedAt.plusSeconds(seconds));
        }
    }

    @Test
    void pagesHoldFiftyPipelinesByName() {
        OverviewPage first = overview.page(null, null, 1);
        OverviewPage third = overview.page("", null, 3);

        assertThat(first.rows()).hasSize(50);
        assertThat(first.rows().get(0).definition().name()).isEqualTo("p0000");
        assertThat(first.hasNext()).isTrue();
        assertThat(first.pages()).isEqualTo(3);
        assertThat(third.rows()).extracting(r -> r.definition().name()).startsWith("p0100").endsWith("p0119").hasSize(20);
        assertThat(third.hasNext()).isFalse();
        assertThat(overview.page(null, null, 9).rows()).isEmpty();
        assertThatThrownBy(() -> overview.page(null, null, 0)).hasMessage("page: must be 1 or more, was 0");
    }

    @Test
    void searchIsACaseInsensitiveNameSubstring() {
        assertThat(overview.page("P001", null, 1).rows()).extracting(r -> r.definition().name())
                .containsExactly("p0010", "p0011", "p0012", "p0013", "p0014", "p0015", "p0016", "p0017", "p0018", "p0019");
        assertThat(overview.page("  0042 ", null, 1).matched()).isEqualTo(1);
    }

    @Test
    void theStatusFilterReadsPausedFlagsAndEachPipelinesNewestRun() {
        run("p0001", RunState.SUCCEEDED, NOW.minusSeconds(600), 5);
        run("p0001", RunState.FAILED, NOW.minusSeconds(300), 5);
        run("p0002", RunState.FAILED, NOW.minusSeconds(600), 5);
        run("p0002", RunState.SUCCEEDED, NOW.minusSeconds(300), 5);
        run("p0003", RunState.RUNNING, NOW.minusSeconds(60), 0);
        run("p0004", RunState.FAILED, NOW.minusSeconds(60), 5);
        queue.setPaused("p0004", true, "ana", NOW);

        assertThat(names(overview.page(null, PipelineHealth.FAILING, 1))).containsExactly("p0001");
        assertThat(names(overview.page(null, PipelineHealth.RUNNING, 1))).containsExactly("p0003");
        assertThat(names(overview.page(null, PipelineHealth.PAUSED, 1))).containsExactly("p0004");
        assertThat(overview.page(null, PipelineHealth.ACTIVE, 1).matched()).as("the rest, never run or last run ended well").isEqualTo(117);
        assertThat(overview.page("p0004", null, 1).rows().get(0).nextRun()).as("paused: no next run").isNull();
    }

    @Test
    void aLineCarriesTheLastRunTheDurationsOldestFirstAndStaleFreshnessBeyondTwoIntervals() {
        run("p0007", RunState.SUCCEEDED, NOW.minusSeconds(900), 30);
        run("p0007", RunState.SUCCEEDED, NOW.minusSeconds(600), 10);
        run("p0007", RunState.FAILED, NOW.minusSeconds(300), 20);
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("INSERT INTO shard_watermark (pipeline, shard, cursor_value, cursor_at, last_run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                "p0007", "s1", "2026-03-10 09:00:00", NOW.minus(Duration.ofMinutes(31)).toEpochMilli(), "r", 0);
        jdbc.update("INSERT INTO shard_watermark (pipeline, shard, cursor_value, cursor_at, last_run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                "p0008", "s1", "2026-03-10 09:00:00", NOW.minus(Duration.ofMinutes(29)).toEpochMilli(), "r", 0);

        List<PipelineSummary> rows = overview.page("p000", null, 1).rows();
        PipelineSummary p7 = rows.get(7);
        PipelineSummary p8 = rows.get(8);

        assertThat(p7.lastRun().state()).isEqualTo(RunState.FAILED);
        assertThat(p7.health()).isEqualTo(PipelineHealth.FAILING);
        assertThat(p7.recentDurations()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(p7.staleAfter()).as("every 15 minutes").isEqualTo(Duration.ofMinutes(30));
        assertThat(p7.stale()).isTrue();
        assertThat(p8.stale()).isFalse();
        assertThat(p8.lastRun()).isNull();
        assertThat(rows.get(9).freshness()).isNull();
        assertThat(p7.nextRun()).isEqualTo(Instant.parse("2026-03-10T10:15:00Z"));
    }

    @Test
    void theDetailGridHasAColumnPerRecentRunOldestLeft() {
        run("p0009", RunState.SUCCEEDED, NOW.minusSeconds(600), 10);
        run("p0009", RunState.QUEUED, NOW.minusSeconds(60), 0);

        PipelineDetail detail = overview.detail(catalog.get("p0009").orElseThrow());

        assertThat(detail.grid().runs()).extracting(RunRecord::state).containsExactly(RunState.SUCCEEDED, RunState.QUEUED);
        assertThat(detail.activeRuns()).extracting(RunRecord::state).containsExactly(RunState.QUEUED);
        assertThat(detail.summary().health()).isEqualTo(PipelineHealth.RUNNING);
    }

    private static List<String> names(OverviewPage page) {
        return page.rows().stream().map(r -> r.definition().name()).toList();
    }
}
