package io.shardlake.engine.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.TriggerKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a rebuild's progress adds up to while its shards load in slices. */
class RebuildProgressTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private final Rebuild rebuild = new Rebuild("r1", "orders", 2, 1, "d2", List.of("s1", "s2", "s3"), 2, null, RebuildState.ACTIVE, T0, T0,
            null);

    @Test
    void theCommittedSlicesOfShardsStillLoadingCountOnceAndMoveTheRate() {
        RunRecord s1 = run("s1", TriggerKind.REBUILD, RunState.SUCCEEDED, 100, T0, T0.plusSeconds(10));
        RunRecord s2 = run("s2", TriggerKind.REBUILD, RunState.RUNNING, 0, T0.plusSeconds(10), null);
        RunRecord s3 = run("s3", TriggerKind.REBUILD, RunState.QUEUED, 0, null, null);

        RebuildProgress before = new RebuildProgress(rebuild, List.of(s1, s2, s3), Map.of());
        RebuildProgress sliced = new RebuildProgress(rebuild, List.of(s1, s2, s3), Map.of("s2", counts(40)));

        assertThat(before.rowsWritten()).isEqualTo(100);
        assertThat(sliced.rowsWritten()).isEqualTo(140);
        assertThat(sliced.rowsPerSecond(T0.plusSeconds(20))).as("140 rows in 20 s, the shard still loading").isEqualTo(7.0);
        assertThat(before.rowsPerSecond(T0.plusSeconds(20))).isEqualTo(5.0);

        // a loaded shard's rows are its run's (its last slice dropped the checkpoint; one left behind is not counted again)
        RebuildProgress loaded = new RebuildProgress(rebuild, List.of(s1, s2, s3), Map.of("s1", counts(60), "s2", counts(40)));
        assertThat(loaded.rowsWritten()).isEqualTo(140);
    }

    @Test
    void theSwitchRunsRowsCountAndTheRateEndsWithTheLastShard() {
        RunRecord s1 = run("s1", TriggerKind.REBUILD, RunState.SUCCEEDED, 100, T0, T0.plusSeconds(10));
        RunRecord s2 = run("s2", TriggerKind.REBUILD, RunState.SUCCEEDED, 100, T0, T0.plusSeconds(20));
        RunRecord sw = new RunRecord("sw", "orders", "k", TriggerKind.REBUILD_SWITCH, "d2", null, RunState.SUCCEEDED, T0, T0.plusSeconds(30),
                T0.plusSeconds(31), 1, null, null, null, "r1", List.of(), counts(5), null);
        RebuildProgress p = new RebuildProgress(rebuild, List.of(s1, s2, sw), Map.of());
        assertThat(p.rowsWritten()).isEqualTo(205);
        assertThat(p.rowsPerSecond(T0.plusSeconds(100))).isEqualTo(10.0);
    }

    private static RunRecord run(String shard, TriggerKind trigger, RunState state, long rows, Instant started, Instant finished) {
        return new RunRecord("run-" + shard, "orders", "k-" + shard, trigger, "d2", null, state, T0, started, finished, 1, null, null, null,
                "r1", List.of(shard), counts(rows), null);
    }

    private static ShardCounts counts(long rows) {
        return new ShardCounts(rows, 0, rows, 0, 1, rows * 10);
    }
}
