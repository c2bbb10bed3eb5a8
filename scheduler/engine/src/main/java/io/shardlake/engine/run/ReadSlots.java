package io.shardlake.engine.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's gate to its replica hosts: a read first takes a slot of the node's own
 * {@link HostBudgets} (no statement), then one of the host's slots shared by every node
 * ({@link HostSlots}). A host found full on the shared side is not asked again by this node for
 * {@link #RETRY_NANOS}, so waiting shard tasks poll the metadata database a few times a second per
 * host, not once per task. Nothing here waits while holding a database connection.
 */
final class ReadSlots {

    private static final Logger log = LoggerFactory.getLogger(ReadSlots.class);
    /** How long a host found full is left alone; reads run for seconds, so this costs little latency. */
    static final long RETRY_NANOS = Duration.ofMillis(200).toNanos();

    /** Where the shared slots live, this node's name, and how long a slot stays held without a heartbeat. */
    record Sharing(HostSlots slots, String node, Duration lease) {
    }

    /** A read's slot, local and shared. */
    record Taken(String host, int slotNo, HostSlots.Holder holder) {
    }

    private final HostBudgets local = new HostBudgets();
    private final Clock clock;
    private final Map<String, Long> fullUntilNanos = new ConcurrentHashMap<>(); // host + lane
    private volatile Sharing sharing = new Sharing(HostSlots.UNSHARED, "this-node", Duration.ofSeconds(30));

    ReadSlots(Clock clock) {
        this.clock = clock;
    }

    void share(Sharing sharing) {
        this.sharing = sharing;
    }

    String node() {
        return sharing.node();
    }

    /** A slot on {@code host} for {@code holder}'s read, or empty at once when none is free. */
    Optional<Taken> tryAcquire(String host, int budget, HostSlots.Holder holder) {
        RunLane lane = holder.lane();
        String hostLane = host + "/" + lane;
        Long until = fullUntilNanos.get(hostLane);
        if (until != null && System.nanoTime() - until < 0) {
            return Optional.empty();
        }
        if (!local.tryAcquire(host, budget, lane)) {
            return Optional.empty();
        }
        Sharing s = sharing;
        Instant now = clock.instant();
        Optional<Integer> slot;
        try {
            slot = s.slots().tryTake(host, HostBudgets.slotOrder(budget, lane), holder, now, now.plus(s.lease()));
        } catch (RuntimeException e) {
            // No answer is no slot: the replica is never read past its budget because the metadata database is unwell.
            log.warn("could not take a read slot of host {} from the metadata database; retrying: {}", host, e.getMessage());
            slot = Optional.empty();
        }
        if (slot.isEmpty()) {
            local.release(host, lane);
            fullUntilNanos.put(hostLane, System.nanoTime() + RETRY_NANOS);
            return Optional.empty();
        }
        fullUntilNanos.remove(hostLane);
        return Optional.of(new Taken(host, slot.get(), holder));
    }

    /** Frees a read's slot; a shared slot that cannot be freed now expires one lease after its run ends. */
    void release(Taken taken) {
        try {
            sharing.slots().release(taken.host(), taken.slotNo(), taken.holder());
        } catch (RuntimeException e) {
            log.warn("could not free read slot {} of host {}; it expires one lease after run {} ends: {}", taken.slotNo(), taken.host(),
                    taken.holder().runId(), e.getMessage());
        }
        local.release(taken.host(), taken.holder().lane());
    }

    /** Wakes {@link #awaitChange} callers: a task finished or a slot was freed. */
    void signal() {
        local.signal();
    }

    /** Waits until a slot of this node is released or a task finishes, at most {@code millis}. */
    void awaitChange(long millis) throws InterruptedException {
        local.awaitChange(millis);
    }
}
