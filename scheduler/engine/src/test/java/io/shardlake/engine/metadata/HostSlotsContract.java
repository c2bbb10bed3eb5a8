package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.run.HostSlots;
import io.shardlake.engine.run.HostSlots.Holder;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RunLane;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata database must do for replica host budgets shared by the nodes (V16's
 * {@code host_slot}); one subclass per database runs it on the production migrations.
 */
abstract class HostSlotsContract {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** Slot orders as HostBudgets.slotOrder gives them for a budget of 4. */
    private static final int[] SCHEDULED = {3, 2, 1, 0};
    private static final int[] BACKFILL = {0, 1};
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private DataSource ds;
    private HostSlots slots;
    private String host;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        ds = DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource()));
        slots = new JdbcHostSlots(ds);
        host = "replica-" + UUID.randomUUID().toString().substring(0, 8) + ":3306";
    }

    private static Holder holder(String node, String run, RunLane lane) {
        return new Holder(node, run, "orders", "shard01", lane);
    }

    private Optional<Integer> take(int[] order, Holder holder, Instant now) {
        return slots.tryTake(host, order, holder, now, now.plus(LEASE));
    }

    @Test
    void nodesTakeSlotsUpToTheBudgetAndAFreedSlotGoesToTheNextAsker() {
        assertThat(take(SCHEDULED, holder("node-a", "r1", RunLane.INCREMENTAL), T)).contains(3);
        assertThat(take(SCHEDULED, holder("node-b", "r2", RunLane.INCREMENTAL), T)).contains(2);
        assertThat(take(SCHEDULED, holder("node-c", "r3", RunLane.INCREMENTAL), T)).contains(1);
        assertThat(take(SCHEDULED, holder("node-a", "r4", RunLane.INCREMENTAL), T)).contains(0);
        assertThat(take(SCHEDULED, holder("node-b", "r5", RunLane.INCREMENTAL), T)).as("the budget of 4 is held").isEmpty();

        slots.release(host, 2, holder("node-b", "r2", RunLane.INCREMENTAL));

        assertThat(take(SCHEDULED, holder("node-c", "r5", RunLane.INCREMENTAL), T)).contains(2);
        assertThat(slots.slots(host)).extracting(s -> s.holder().node()).containsExactly("node-a", "node-c", "node-c", "node-a");
    }

    @Test
    void backfillReadsHoldAtMostHalfOfAHostAcrossNodesAndScheduledReadsKeepTheRest() {
        assertThat(take(BACKFILL, holder("node-a", "b1", RunLane.BACKFILL), T)).contains(0);
        assertThat(take(BACKFILL, holder("node-b", "b2", RunLane.BACKFILL), T)).contains(1);
        assertThat(take(BACKFILL, holder("node-c", "b3", RunLane.BACKFILL), T)).as("backfill's half is held").isEmpty();

        assertThat(take(SCHEDULED, holder("node-c", "s1", RunLane.INCREMENTAL), T)).contains(3);
        assertThat(take(SCHEDULED, holder("node-a", "s2", RunLane.INCREMENTAL), T)).contains(2);
        assertThat(take(SCHEDULED, holder("node-b", "s3", RunLane.INCREMENTAL), T)).isEmpty();
    }

    @Test
    void aDeadNodesSlotIsTakenOverOnlyAfterItsLeaseAndItsHeartbeatKeepsItMeanwhile() {
        Holder dying = holder("node-a", "r1", RunLane.INCREMENTAL);
        Holder other = holder("node-b", "r2", RunLane.INCREMENTAL);
        int[] one = {0};
        assertThat(slots.tryTake(host, one, dying, T, T.plus(LEASE))).contains(0);

        // node-a's heartbeat renews its runs' leases, and with them its slots
        new JdbcRunQueue(ds).renewLeases("node-a", List.of("r1"), T.plusSeconds(20).plus(LEASE));
        assertThat(slots.tryTake(host, one, other, T.plusSeconds(40), T.plusSeconds(40).plus(LEASE))).as("renewed until 50 s").isEmpty();

        // node-a dies: no heartbeat after 20 s
        Instant later = T.plusSeconds(51);
        assertThat(slots.tryTake(host, one, other, later, later.plus(LEASE))).contains(0);
        slots.release(host, 0, dying); // node-a's late release must not free node-b's slot
        assertThat(slots.slots(host)).singleElement().satisfies(s -> {
            assertThat(s.holder()).isEqualTo(other);
            assertThat(s.leaseUntil()).isEqualTo(later.plus(LEASE));
        });
    }

    @Test
    void aHeartbeatRenewsOnlyTheSlotsOfItsOwnNodesRuns() {
        assertThat(take(SCHEDULED, holder("node-a", "r1", RunLane.INCREMENTAL), T)).contains(3);
        assertThat(take(SCHEDULED, holder("node-a", "r2", RunLane.INCREMENTAL), T)).contains(2);
        assertThat(take(SCHEDULED, holder("node-b", "r1", RunLane.INCREMENTAL), T)).contains(1);

        new JdbcRunQueue(ds).renewLeases("node-a", List.of("r1"), T.plusSeconds(90));

        assertThat(slots.slots(host)).extracting(s -> s.slotNo() + "=" + s.leaseUntil().getEpochSecond())
                .containsExactly("1=" + T.plus(LEASE).getEpochSecond(), "2=" + T.plus(LEASE).getEpochSecond(),
                        "3=" + T.plusSeconds(90).getEpochSecond());
    }

    @Test
    void nodesRacingForOneHostNeverHoldMoreThanItsBudget() throws Exception {
        int nodes = 6;
        int rounds = 15;
        int[] budgetOfTwo = {1, 0};
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(nodes);
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                HostSlots node = new JdbcHostSlots(ds);
                Holder holder = holder("node-" + n, "r" + n, RunLane.INCREMENTAL);
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        Optional<Integer> slot = node.tryTake(host, budgetOfTwo, holder, T, T.plus(LEASE));
                        if (slot.isPresent()) {
                            taken.incrementAndGet();
                            most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                            Thread.yield(); // hold it a moment: other nodes ask meanwhile
                            holding.decrementAndGet();
                            node.release(host, slot.get(), holder);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(taken.get()).as("slots were taken and freed").isGreaterThan(nodes);
        assertThat(most.get()).isLessThanOrEqualTo(2);
        assertThat(slots.slots(host)).isEmpty();
    }

    @Test
    void anEmbeddedDatabasesLongUrlIsAHostToo() {
        host = "jdbc:h2:mem:" + "x".repeat(400);

        assertThat(take(new int[] {0}, holder("node-a", "r1", RunLane.INCREMENTAL), T)).contains(0);
        assertThat(take(new int[] {0}, holder("node-b", "r2", RunLane.INCREMENTAL), T)).isEmpty();
    }
}
