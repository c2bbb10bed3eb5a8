package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.TailDigest;
import io.shardlake.engine.run.Watermark;
import io.shardlake.engine.run.WatermarkConflictException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata database must do for runs and watermarks; one subclass per database runs
 * it on the production migrations.
 */
abstract class RunRepositoryContract {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00.123Z");
    private static final LocalDateTime W1 = LocalDateTime.parse("2026-11-23T11:59:55.123456");

    private static final java.util.Map<Class<?>, RunRepository> REPOSITORIES = new java.util.concurrent.ConcurrentHashMap<>();

    private RunRepository runs;
    private String pipeline;

    /** The subclass's database; migrated with the production migrations once per class. */
    protected abstract javax.sql.DataSource dataSource();

    @BeforeEach
    void setUp() {
        runs = REPOSITORIES.computeIfAbsent(getClass(),
                c -> new JdbcRunRepository(io.shardlake.engine.run.MetadataDatabases.migrated(dataSource())));
        pipeline = "p_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String newRun() {
        String id = UUID.randomUUID().toString();
        runs.createRun(new RunRecord(id, pipeline, "v1", "MANUAL", RunState.RUNNING, AT, null, ShardCounts.NONE, null));
        return id;
    }

    @Test
    void aRunIsRecordedAndFinishedWithItsTotals() {
        String id = newRun();
        runs.finishRun(id, RunState.FAILED, new ShardCounts(10, 0, 9, 1, 2, 300), "shard02: boom", AT.plusSeconds(5));

        RunRecord run = runs.run(id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.totals().rowsWritten()).isEqualTo(9);
        assertThat(run.totals().bytes()).isEqualTo(300);
        assertThat(run.startedAt()).isEqualTo(AT);
        assertThat(run.finishedAt()).isEqualTo(AT.plusSeconds(5));
        assertThat(run.error()).isEqualTo("shard02: boom");
        assertThat(runs.recentRuns(pipeline, 5)).extracting(RunRecord::id).containsExactly(id);
    }

    @Test
    void aCommittedShardMovesTheWatermarkWithItsTailDigestExactly() {
        String id = newRun();
        runs.startShardRun(id, pipeline, "shard01", new ExtractWindow(null, W1), AT);
        TailDigest.Builder tail = TailDigest.empty().next(W1.minusMinutes(10));
        tail.add(W1.minusSeconds(1), new Object[] {7L});

        runs.commitShard(id, pipeline, "shard01", new ShardCounts(3, 1, 2, 0, 1, 100), null, new Watermark(W1, tail.build()), AT);

        Watermark w = runs.watermark(pipeline, "shard01").orElseThrow();
        assertThat(w.cursor()).isEqualTo(W1);
        assertThat(w.tail().from()).isEqualTo(W1.minusMinutes(10));
        assertThat(w.tail().contains(W1.minusSeconds(1), new Object[] {7L})).isTrue();
        assertThat(runs.shardRuns(id)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(ShardRunState.SUCCEEDED);
            assertThat(s.windowFrom()).isNull();
            assertThat(s.windowUntil()).isEqualTo("2026-11-23 11:59:55.123456");
            assertThat(s.counts().rowsSkipped()).isEqualTo(1);
        });
    }

    @Test
    void aCommitOnAWatermarkSomeoneElseMovedIsRefusedAndChangesNothing() {
        String first = newRun();
        runs.startShardRun(first, pipeline, "shard01", new ExtractWindow(null, W1), AT);
        runs.commitShard(first, pipeline, "shard01", ShardCounts.NONE, null, new Watermark(W1, TailDigest.empty()), AT);
        String second = newRun();
        runs.startShardRun(second, pipeline, "shard01", new ExtractWindow(W1, W1.plusMinutes(1)), AT);
        Watermark stale = new Watermark(W1.minusMinutes(1), TailDigest.empty());

        assertThatThrownBy(() -> runs.commitShard(second, pipeline, "shard01", ShardCounts.NONE, stale,
                new Watermark(W1.plusMinutes(1), TailDigest.empty()), AT))
                .isInstanceOf(WatermarkConflictException.class);
        assertThat(runs.watermark(pipeline, "shard01").orElseThrow().cursor()).isEqualTo(W1);
        assertThat(runs.shardRuns(second)).singleElement().extracting(s -> s.state()).isEqualTo(ShardRunState.RUNNING);
    }

    @Test
    void tasksLeftPublishingAreListedWithTheirFilesUntilTheyAreEnded() {
        String id = newRun();
        runs.startShardRun(id, pipeline, "shard03", new ExtractWindow(null, W1), AT);
        List<PublishedFile> files = List.of(new PublishedFile("orders/dt=2026-11-23/a.parquet", PublishedFile.Kind.DATA, 5, 50),
                new PublishedFile("_quarantine/orders/dt=2026-11-23/a.jsonl", PublishedFile.Kind.QUARANTINE, 1, 10));
        runs.markPublishing(id, "shard03", files);

        assertThat(runs.unfinishedShardRuns(pipeline, "shard03")).singleElement().satisfies(u -> {
            assertThat(u.state()).isEqualTo(ShardRunState.PUBLISHING);
            assertThat(u.files()).isEqualTo(files);
        });

        runs.endShardRun(id, "shard03", ShardRunState.ABANDONED, ShardCounts.NONE, "recovered", AT);
        assertThat(runs.unfinishedShardRuns(pipeline, "shard03")).isEmpty();
    }

    @Test
    void runsLeftRunningByADeadProcessAreClosedAsFailedWithTheReason() {
        String dead = newRun();
        String done = newRun();
        runs.finishRun(done, RunState.SUCCEEDED, ShardCounts.NONE, null, AT);

        int closed = runs.failRunningRuns("the service stopped while this run was active", AT.plusSeconds(60));

        assertThat(closed).isGreaterThanOrEqualTo(1);
        assertThat(runs.run(dead).orElseThrow()).satisfies(r -> {
            assertThat(r.state()).isEqualTo(RunState.FAILED);
            assertThat(r.error()).contains("service stopped");
            assertThat(r.finishedAt()).isEqualTo(AT.plusSeconds(60));
        });
        assertThat(runs.run(done).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void longErrorsAreClippedInsteadOfFailingTheRecord() {
        String id = newRun();
        runs.finishRun(id, RunState.FAILED, ShardCounts.NONE, "x".repeat(10_000), AT);

        assertThat(runs.run(id).orElseThrow().error()).hasSize(4000).endsWith("...");
    }
}
