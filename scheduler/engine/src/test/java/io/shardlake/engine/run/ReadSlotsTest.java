package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.metadata.JdbcHostSlots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two nodes' read gates on one metadata database share each replica host's budget and its lane shares. */
class ReadSlotsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    private static final HostSlots SHARED = new JdbcHostSlots(MetadataDatabases.h2("read_slots"));

    private final HostSlots shared = SHARED;
    private final String host = "replica-" + UUID.randomUUID() + ":3306";
    private final ReadSlots nodeA = node("node-a");
    private final ReadSlots nodeB = node("node-b");

    private ReadSlots node(String name) {
        ReadSlots slots = new ReadSlots(CLOCK);
        slots.share(new ReadSlots.Sharing(shared, name, Duration.ofSeconds(30)));
        return slots;
    }

    private static HostSlots.Holder read(ReadSlots node, String run, RunLane lane) {
        return new HostSlots.Holder(node.node(), run, "orders", "shard-" + run, lane);
    }

    @Test
    void aSecondNodeGetsNoReadOnceTheFirstHoldsTheHostsWholeBudget() {
        assertThat(nodeA.tryAcquire(host, 2, read(nodeA, "r1", RunLane.INCREMENTAL))).isPresent();
        assertThat(nodeA.tryAcquire(host, 2, read(nodeA, "r2", RunLane.INCREMENTAL))).isPresent();

        assertThat(nodeB.tryAcquire(host, 2, read(nodeB, "r3", RunLane.INCREMENTAL))).isEmpty();
        assertThat(nodeB.tryAcquire("other-" + host, 2, read(nodeB, "r3", RunLane.INCREMENTAL))).as("another host").isPresent();
    }

    @Test
    void aReadFreedOnOneNodeIsTakenByAnotherWithinItsPollPause() throws Exception {
        Optional<ReadSlots.Taken> held = nodeA.tryAcquire(host, 1, read(nodeA, "r1", RunLane.INCREMENTAL));
        assertThat(nodeB.tryAcquire(host, 1, read(nodeB, "r2", RunLane.INCREMENTAL))).isEmpty();

        nodeA.release(held.orElseThrow());

        Optional<ReadSlots.Taken> taken = Optional.empty();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (taken.isEmpty() && System.nanoTime() < deadline) { // a full host is asked again after RETRY_NANOS
            Thread.sleep(20);
            taken = nodeB.tryAcquire(host, 1, read(nodeB, "r2", RunLane.INCREMENTAL));
        }
        assertThat(taken).isPresent();
        assertThat(shared.slots(host)).extracting(s -> s.holder().node()).containsExactly("node-b");
    }

    @Test
    void backfillReadsOfAllNodesTogetherHoldAtMostHalfOfAHost() {
        assertThat(nodeA.tryAcquire(host, 4, read(nodeA, "b1", RunLane.BACKFILL))).isPresent();
        assertThat(nodeB.tryAcquire(host, 4, read(nodeB, "b2", RunLane.BACKFILL))).isPresent();
        assertThat(nodeA.tryAcquire(host, 4, read(nodeA, "b3", RunLane.BACKFILL))).isEmpty();

        assertThat(nodeB.tryAcquire(host, 4, read(nodeB, "s1", RunLane.INCREMENTAL))).isPresent();
        assertThat(nodeA.tryAcquire(host, 4, read(nodeA, "s2", RunLane.INCREMENTAL))).isPresent();
        assertThat(shared.slots(host)).extracting(s -> s.slotNo() + ":" + s.holder().lane())
                .containsExactly("0:BACKFILL", "1:BACKFILL", "2:INCREMENTAL", "3:INCREMENTAL");
    }

    @Test
    void slotOrdersKeepTheLaneShares() {
        assertThat(HostBudgets.slotOrder(5, RunLane.BACKFILL)).containsExactly(0, 1);
        assertThat(HostBudgets.slotOrder(5, RunLane.INCREMENTAL)).containsExactly(4, 3, 2, 1, 0);
        assertThat(HostBudgets.slotOrder(1, RunLane.BACKFILL)).containsExactly(0);
    }
}
