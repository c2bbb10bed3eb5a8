package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.engine.history.RunHistory;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.ShardTaskRef;
import io.shardlake.engine.run.TailDigest;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.run.Watermark;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the monitoring pages' bulk history reads return on every metadata database (production migrations). */
abstract class RunHistoryContract {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private RunHistory history;
    private RunQueue queue;
    private RunRepository runs;
    private String a;
    private String b;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        DataSource ds = DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource()));
        history = new JdbcRunHistory(ds);
        queue = new JdbcRunQueue(ds);
        runs = new JdbcRunRepository(ds);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        a = "a_" + suffix;
        b = "b_" + suffix;
    }

    /** A run queued {@code minute} minutes after AT, with the given id. */
    private RunRecord queued(String pipeline, String id, int minute) {
        Instant end = AT.plusSeconds(60L * minute);
        return queue.enqueue(RunRecord.queued(id, pipeline, "k:" + id, TriggerKind.SCHEDULED, "v1", new DataInterval(end.minusSeconds(60), end),
                end, null, List.of())).run();
    }

    private RunRecord finished(String pipeline, int minute, RunState state, long seconds) {
        RunRecord run = queued(pipeline, UUID.randomUUID().toString(), minute);
        Instant start = run.queuedAt();
        RunRecord claimed = queue.claim(run.id(), new RunQueue.ClaimLimits(100, 100), "node", start, start.plusSeconds(600)).orElseThrow();
        queue.finish(claimed, state, new ShardCounts(10, 0, 9, 1, 1, 100), null, start.plusSeconds(seconds));
        return runs.run(run.id()).orElseThrow();
    }

    @Test
    void recentRunsAreTheNewestOfEachPipelineNewestFirstAndPipelinesWithoutRunsAreAbsent() {
        List<String> ofA = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> ofA.add(finished(a, i, RunState.SUCCEEDED, 10 + i).id()));
        String onlyOfB = finished(b, 3, RunState.FAILED, 5).id();

        Map<String, List<RunRecord>> recent = history.recentRuns(List.of(a, b, "nobody_" + a), 3);

        assertThat(recent.get(a)).extracting(RunRecord::id).containsExactly(ofA.get(4), ofA.get(3), ofA.get(2));
        assertThat(recent.get(a).get(0).finishedAt()).isEqualTo(AT.plusSeconds(4 * 60 + 14));
        assertThat(recent.get(b)).extracting(RunRecord::id).containsExactly(onlyOfB);
        assertThat(recent).doesNotContainKey("nobody_" + a);
    }

    @Test
    void runsQueuedAtTheSameMillisecondAreOrderedByIdDescendingAsTheRepositoryDoes() {
        queued(a, "id-1-" + a, 0);
        queued(a, "id-2-" + a, 0);

        assertThat(history.recentRuns(List.of(a), 2).get(a)).extracting(RunRecord::id)
                .containsExactlyElementsOf(runs.recentRuns(a, 2).stream().map(RunRecord::id).toList())
                .containsExactly("id-2-" + a, "id-1-" + a);
    }

    @Test
    void lastRunStatesAreTheStateOfEachPipelinesNewestRun() {
        finished(a, 0, RunState.FAILED, 1);
        finished(a, 1, RunState.SUCCEEDED, 1);
        finished(b, 0, RunState.SUCCEEDED, 1);
        queued(b, UUID.randomUUID().toString(), 2);

        assertThat(history.lastRunStates(List.of(a, b, "nobody_" + a))).containsOnly(Map.entry(a, RunState.SUCCEEDED), Map.entry(b, RunState.QUEUED));
    }

    private RunRecord queued(String pipeline, TriggerKind kind, Instant at) {
        String id = UUID.randomUUID().toString();
        return queue.enqueue(RunRecord.queued(id, pipeline, "k:" + id, kind, "v1", new DataInterval(at.minusSeconds(60), at), at,
                null, List.of())).run();
    }

    @Test
    void aFilterShowsOnlyItsTriggerKindsTheNewestOfThemAll() {
        RunRecord scheduled = queued(a, TriggerKind.SCHEDULED, AT);
        RunRecord manual = queued(a, TriggerKind.MANUAL, AT.plusSeconds(60));
        List<String> chunks = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> chunks.add(queued(a, TriggerKind.BACKFILL, AT.plusSeconds(120 + i)).id()));
        RunRecord catchup = queued(a, TriggerKind.CATCHUP, AT.plusSeconds(30));

        assertThat(history.recentRuns(List.of(a), 2, io.shardlake.engine.history.RunFilter.ROUTINE).get(a)).extracting(RunRecord::id)
                .as("the newest two of scheduled, catch-up and manual; the newer chunks are not among them")
                .containsExactly(manual.id(), catchup.id());
        assertThat(history.recentRuns(List.of(a), 10, io.shardlake.engine.history.RunFilter.ROUTINE).get(a)).hasSize(3);
        assertThat(history.recentRuns(List.of(a), 2, io.shardlake.engine.history.RunFilter.BACKFILL).get(a)).extracting(RunRecord::id)
                .containsExactly(chunks.get(4), chunks.get(3));
        assertThat(history.recentRuns(List.of(a), 1, io.shardlake.engine.history.RunFilter.ALL).get(a)).extracting(RunRecord::id)
                .containsExactly(chunks.get(4));
        assertThat(history.recentRuns(List.of(a), 1, io.shardlake.engine.history.RunFilter.EVENT)).doesNotContainKey(a);
        assertThat(history.lastRunStates(List.of(a), io.shardlake.engine.history.RunFilter.ROUTINE)).containsOnly(Map.entry(a, RunState.QUEUED));
        assertThat(scheduled.id()).isNotIn(chunks);
    }

    @Test
    void runsByHourCountsEachHoursRunsOfEveryPipelineByState() {
        Instant day = AT.plus(java.time.Duration.ofDays(100)); // a day no other test queues runs in
        queued(a, TriggerKind.SCHEDULED, day.plusSeconds(10));
        queued(b, TriggerKind.SCHEDULED, day.plusSeconds(20));
        queued(b, TriggerKind.BACKFILL, day.plusSeconds(30));
        queued(a, TriggerKind.MANUAL, day.plusSeconds(3600 * 2 + 5));
        queued(a, TriggerKind.MANUAL, day.plusSeconds(3600 * 30)); // outside the range

        List<RunHistory.RunCount> counts = history.runsByHour(day, day.plusSeconds(3600 * 24), io.shardlake.engine.history.RunFilter.ROUTINE);

        assertThat(counts).containsExactly(new RunHistory.RunCount(day, RunState.QUEUED, 2),
                new RunHistory.RunCount(day.plusSeconds(7200), RunState.QUEUED, 1));
        assertThat(history.runsByHour(day, day.plusSeconds(3600), io.shardlake.engine.history.RunFilter.ALL))
                .containsExactly(new RunHistory.RunCount(day, RunState.QUEUED, 3));
    }

    @Test
    void manyPipelinesAreAskedInStatementsOfBoundedSize() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < JdbcRunHistory.PROBES_PER_STATEMENT + 3; i++) {
            many.add(a + "_" + i);
        }
        finished(many.get(0), 0, RunState.SUCCEEDED, 1);
        finished(many.get(many.size() - 1), 0, RunState.FAILED, 1);

        assertThat(history.lastRunStates(many)).containsOnly(Map.entry(many.get(0), RunState.SUCCEEDED),
                Map.entry(many.get(many.size() - 1), RunState.FAILED));
    }

    @Test
    void shardTasksOfSeveralRunsAndTheFilesOfOneRunComeByRunAndTask() {
        RunRecord run = queued(a, UUID.randomUUID().toString(), 0);
        RunRecord other = queued(b, UUID.randomUUID().toString(), 1); // one run of a pipeline at a time
        RunRecord claimed = queue.claim(run.id(), new RunQueue.ClaimLimits(100, 100), "node", AT, AT.plusSeconds(600)).orElseThrow();
        queue.claim(other.id(), new RunQueue.ClaimLimits(100, 100), "node", AT, AT.plusSeconds(600)).orElseThrow();
        ShardTaskRef first = new ShardTaskRef(run.id(), "s1", 1, claimed.attempt());
        ShardTaskRef retry = new ShardTaskRef(run.id(), "s1", 2, claimed.attempt());
        ShardTaskRef s2 = new ShardTaskRef(run.id(), "s2", 1, claimed.attempt());
        runs.startShardRun(first, a, new ExtractWindow(null, LocalDateTime.parse("2026-11-23T11:00:00")), AT);
        runs.endShardRun(first, ShardRunState.FAILED, ShardCounts.NONE, "replica gone", AT.plusSeconds(1));
        runs.startShardRun(retry, a, null, AT.plusSeconds(2));
        runs.startShardRun(s2, a, null, AT);
        runs.markPublishing(s2, List.of(new PublishedFile("lake/x.parquet", PublishedFile.Kind.DATA, 9, 100),
                new PublishedFile("_quarantine/x.jsonl", PublishedFile.Kind.QUARANTINE, 1, 50)), new ShardReadCost("cursor index", 9, 100, 9L, 3));
        runs.commitShard(s2, a, new ShardCounts(10, 0, 9, 1, 1, 100), null,
                new Watermark(LocalDateTime.parse("2026-11-23T11:00:00"), TailDigest.empty()), AT.minusSeconds(3600), AT.plusSeconds(3));
        runs.startShardRun(new ShardTaskRef(other.id(), "s1", 1, 1), b, null, AT);

        Map<String, List<io.shardlake.engine.run.ShardRunRecord>> tasks = history.shardRuns(List.of(run.id(), other.id()));

        assertThat(tasks.get(run.id())).extracting(t -> t.shard() + "/" + t.attempt() + "/" + t.state())
                .containsExactly("s1/1/FAILED", "s1/2/RUNNING", "s2/1/SUCCEEDED");
        assertThat(tasks.get(run.id()).get(0).error()).isEqualTo("replica gone");
        assertThat(tasks.get(other.id())).hasSize(1);
        Map<String, List<PublishedFile>> files = history.files(run.id());
        assertThat(files).containsOnlyKeys(RunHistory.taskKey("s2", 1));
        assertThat(files.get(RunHistory.taskKey("s2", 1))).extracting(PublishedFile::key).containsExactly("lake/x.parquet", "_quarantine/x.jsonl");
        assertThat(history.oldestWatermarks(List.of(a, b))).containsOnly(Map.entry(a, AT.minusSeconds(3600)));
    }
}
