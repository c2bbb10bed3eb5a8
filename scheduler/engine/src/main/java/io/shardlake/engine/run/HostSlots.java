package io.shardlake.engine.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The replica host budgets every node shares through the metadata database: one slot per
 * concurrent read of a host, leased by the node whose shard task reads. A holder's slots are
 * renewed with its runs' leases ({@link RunQueue#renewLeases}), so a node that dies frees its
 * slots one lease later, and no slot outlives its holder's heartbeat.
 *
 * <p>Every call is one short statement or two, never a wait: a caller that gets no slot waits on
 * its own side (without a database connection) and tries again. Which slot numbers a lane may
 * take is the caller's ({@link HostBudgets#slotOrder}).
 */
public interface HostSlots {

    /** Who holds a slot: the node, and the shard task of a run it reads for. */
    record Holder(String node, String runId, String pipeline, String shard, RunLane lane) {
    }

    /** A slot as stored, for views and tests. */
    record Slot(String host, int slotNo, Holder holder, Instant leaseUntil) {
    }

    /**
     * Takes the first of {@code slotOrder} on {@code host} that is free or whose lease expired
     * before {@code now}, for {@code holder} until {@code leaseUntil}.
     *
     * @return the slot number taken, or empty when each of them is held
     */
    Optional<Integer> tryTake(String host, int[] slotOrder, Holder holder, Instant now, Instant leaseUntil);

    /** Frees the slot if {@code holder} still holds it (a slot taken over after expiry stays its new holder's). */
    void release(String host, int slotNo, Holder holder);

    /** The slots held on {@code host}, expired or not. */
    List<Slot> slots(String host);

    /** Never shared: the node's own {@link HostBudgets} alone bound its reads (a single node, tests). */
    HostSlots UNSHARED = new HostSlots() {
        @Override
        public Optional<Integer> tryTake(String host, int[] slotOrder, Holder holder, Instant now, Instant leaseUntil) {
            return Optional.of(slotOrder[0]);
        }

        @Override
        public void release(String host, int slotNo, Holder holder) {
        }

        @Override
        public List<Slot> slots(String host) {
            return List.of();
        }
    };
}
