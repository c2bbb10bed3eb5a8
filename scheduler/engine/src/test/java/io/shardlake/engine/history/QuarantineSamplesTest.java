package io.shardlake.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.lake.QuarantineWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quarantined rows read back for the pipeline page: what the writer wrote, bounded, with unreadable parts reported. */
class QuarantineSamplesTest {

    @TempDir
    Path dir;

    private static RunRecord run(String id, long quarantined) {
        return new RunRecord(id, "orders", "k", TriggerKind.SCHEDULED, "v1", null, RunState.SUCCEEDED, Instant.EPOCH, Instant.EPOCH,
                Instant.EPOCH, 1, null, null, null, null, List.of(), new ShardCounts(10, 0, 10 - quarantined, quarantined, 1, 1), null);
    }

    /** A history that knows only the files of each run. */
    private static RunHistory files(Map<String, List<PublishedFile>> byRun) {
        return new RunHistory() {
            public Map<String, List<RunRecord>> recentRuns(Collection<String> p, int n, RunFilter f) { return Map.of(); }
            public Map<String, RunState> lastRunStates(Collection<String> p, RunFilter f) { return Map.of(); }
            public List<RunCount> runsByHour(Instant from, Instant to, RunFilter f) { return List.of(); }
            public Map<String, String> errorExcerpts(String runId) { return Map.of(); }
            public Map<String, Instant> oldestWatermarks(Collection<String> p) { return Map.of(); }
            public Map<String, List<ShardRunRecord>> shardRuns(Collection<String> ids) { return Map.of(); }
            public Map<String, List<PublishedFile>> files(String runId) {
                return Map.of(RunHistory.taskKey("shard01", 1), byRun.getOrDefault(runId, List.of()));
            }
        };
    }

    @Test
    void theNewestRunThatQuarantinedIsReadUpToTheLimitWithReasonKeyAndRow() throws Exception {
        LocalObjectStore lake = new LocalObjectStore(dir.resolve("lake"));
        Path local = dir.resolve("q.jsonl");
        try (QuarantineWriter w = new QuarantineWriter(local, List.of("id", "note"), "shard01", "r2")) {
            for (int i = 0; i < 5; i++) {
                w.write(new Object[] {(long) i}, LocalDateTime.parse("2026-03-10T10:00:00"), "bad row " + i, new Object[] {(long) i, null});
            }
            w.finish();
        }
        lake.publish(local, "_quarantine/orders/q.jsonl");
        QuarantineSamples samples = new QuarantineSamples(lake, files(Map.of("r2", List.of(
                new PublishedFile("orders/data.parquet", PublishedFile.Kind.DATA, 5, 1),
                new PublishedFile("_quarantine/orders/q.jsonl", PublishedFile.Kind.QUARANTINE, 5, 1)))));

        QuarantineSamples.Result result = samples.newest(List.of(run("r3", 0), run("r2", 5), run("r1", 2)), 3);

        assertThat(result.runId()).isEqualTo("r2");
        assertThat(result.samples()).extracting(QuarantineSample::reason).containsExactly("bad row 0", "bad row 1", "bad row 2");
        QuarantineSample first = result.samples().get(0);
        assertThat(first.primaryKey()).containsExactly("0");
        assertThat(first.cursor()).isEqualTo("2026-03-10T10:00");
        assertThat(first.row()).containsEntry("id", "0").containsEntry("note", null);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void overlongLinesAndBrokenJsonAndMissingFilesAreReportedNotThrown() throws Exception {
        LocalObjectStore lake = new LocalObjectStore(dir.resolve("lake"));
        Path local = dir.resolve("bad.jsonl");
        Files.writeString(local, "x".repeat(QuarantineSamples.MAX_LINE_BYTES + 10) + "\n{not json\n{\"shard\":\"s\",\"reason\":\"ok\"}\n",
                StandardCharsets.UTF_8);
        lake.publish(local, "_quarantine/bad.jsonl");
        QuarantineSamples samples = new QuarantineSamples(lake, files(Map.of("r1", List.of(
                new PublishedFile("_quarantine/bad.jsonl", PublishedFile.Kind.QUARANTINE, 3, 1),
                new PublishedFile("_quarantine/gone.jsonl", PublishedFile.Kind.QUARANTINE, 1, 1)))));

        QuarantineSamples.Result result = samples.newest(List.of(run("r1", 3)), 10);

        assertThat(result.samples()).extracting(QuarantineSample::reason).containsExactly("ok");
        assertThat(result.problems()).hasSize(3);
        assertThat(result.problems().get(0)).isEqualTo("_quarantine/bad.jsonl line 1: longer than 65536 bytes, not shown");
        assertThat(result.problems().get(1)).isEqualTo("_quarantine/bad.jsonl line 2: not JSON: expected a member name in double"
                + " quotes, found 'n' at character 2 (line 1, column 2)");
        assertThat(result.problems().get(2)).startsWith("_quarantine/gone.jsonl: cannot be read");
        assertThat(samples.newest(List.of(run("r9", 0)), 10)).isEqualTo(QuarantineSamples.Result.NONE);
    }
}
