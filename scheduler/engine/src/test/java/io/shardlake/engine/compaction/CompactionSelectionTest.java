package io.shardlake.engine.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.compaction.CompactionLedger.WriterRun;
import io.shardlake.engine.compaction.CompactionLedger.WriterTask;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.TriggerKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CompactionSelectionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final long MIB = 1024 * 1024;
    private static final CompactionSettings SETTINGS = new CompactionSettings(3, 8 * MIB, Duration.ofMinutes(10), 100, Duration.ofDays(1));

    private final SortedMap<String, Long> files = new TreeMap<>();
    private final Map<String, WriterRun> writers = new HashMap<>();

    @Test
    void smallCommittedDeliveredOldFilesAreTakenPerShard() {
        List<String> a = eventFiles("shard01", 3);
        List<String> b = eventFiles("shard02", 2);

        CompactionSelection s = select(100);

        assertThat(s.inputs()).containsOnlyKeys("shard01", "shard02");
        assertThat(s.inputs().get("shard01")).containsExactlyInAnyOrderElementsOf(a);
        assertThat(s.inputs().get("shard02")).containsExactlyInAnyOrderElementsOf(b);
        assertThat(s.dropped()).isEmpty();
    }

    @Test
    void fewerSmallFilesThanMinFilesIsNotWorthIt() {
        eventFiles("shard01", 2);

        assertThat(select(100).isEmpty()).isTrue();
    }

    @Test
    void aShardWithOneSmallFileIsLeftAsItIs() {
        eventFiles("shard01", 3);
        eventFiles("shard02", 1);

        assertThat(select(100).inputs()).containsOnlyKeys("shard01");
    }

    @Test
    void bigYoungUndeliveredUnfinishedAndForeignFilesAreKept() {
        eventFiles("shard01", 3);
        file(UUID.randomUUID().toString(), "shard01", 5 * MIB, TriggerKind.EVENT, RunState.SUCCEEDED, false, ShardRunState.SUCCEEDED,
                NOW.minus(Duration.ofHours(1))); // big: half the target or more
        file(UUID.randomUUID().toString(), "shard01", 1000, TriggerKind.EVENT, RunState.SUCCEEDED, false, ShardRunState.SUCCEEDED,
                NOW.minus(Duration.ofMinutes(5))); // younger than min-age
        file(UUID.randomUUID().toString(), "shard01", 1000, TriggerKind.SCHEDULED, RunState.FAILED, true, ShardRunState.SUCCEEDED,
                NOW.minus(Duration.ofHours(1))); // Redshift still waits for it
        file(UUID.randomUUID().toString(), "shard01", 1000, TriggerKind.SCHEDULED, RunState.RUNNING, false, ShardRunState.SUCCEEDED,
                NOW.minus(Duration.ofHours(1))); // its run has not ended
        files.put("orders/dt=2026-12-01/part-00000.parquet", 1000L); // not written by this service
        files.put("orders/dt=2026-12-01/" + UUID.randomUUID() + "-shard01-a1-0000.parquet", 1000L); // a run the database does not know

        CompactionSelection s = select(100);

        assertThat(s.inputs().get("shard01")).hasSize(3);
        assertThat(s.dropped()).isEmpty();
    }

    @Test
    void anUncommittedTasksFileIsLeftOutOfTheNewGeneration() {
        eventFiles("shard01", 3);
        String uncommitted = file(UUID.randomUUID().toString(), "shard01", 1000, TriggerKind.SCHEDULED, RunState.QUEUED, false,
                ShardRunState.PUBLISHING, null);

        assertThat(select(100).dropped()).containsExactly(uncommitted);
    }

    @Test
    void anEarlierCompactionsSmallFilesAreCommittedAndTakenAgain() {
        String compaction = UUID.randomUUID().toString();
        files.put("orders/dt=2026-12-01/" + compaction + "-shard01-a1-0000.parquet", 1000L);
        writers.put(compaction, new WriterRun(TriggerKind.COMPACTION, RunState.SUCCEEDED, false, Map.of()));
        eventFiles("shard01", 2);

        assertThat(select(100).inputs().get("shard01")).hasSize(3);
    }

    @Test
    void theBudgetCapsTheFilesTaken() {
        eventFiles("shard01", 4);
        eventFiles("shard02", 4);

        CompactionSelection s = select(5);

        assertThat(s.fileCount()).isEqualTo(4); // shard02's single remaining slot is not worth a rewrite
        assertThat(s.inputs()).containsOnlyKeys("shard01");
    }

    private CompactionSelection select(int budget) {
        return CompactionSelection.of(files, writers, SETTINGS, NOW, budget);
    }

    private List<String> eventFiles(String shard, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> file(UUID.randomUUID().toString(), shard, 1000,
                TriggerKind.EVENT, RunState.SUCCEEDED, false, ShardRunState.SUCCEEDED, NOW.minus(Duration.ofHours(1)))).toList();
    }

    private String file(String runId, String shard, long bytes, TriggerKind trigger, RunState state, boolean undelivered,
                        ShardRunState task, Instant finished) {
        String key = "orders/dt=2026-12-01/" + runId + "-" + shard + "-a1-0000.parquet";
        files.put(key, bytes);
        writers.put(runId, new WriterRun(trigger, state, undelivered, Map.of(CompactionLedger.taskKey(shard, 1), new WriterTask(task, finished))));
        return key;
    }
}
