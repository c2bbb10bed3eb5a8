package io.shardlake.engine.run;

import java.util.HashMap;
import java.util.Map;

/**
 * Concurrent reads allowed per replica host, shared by every pipeline and run in this process, so
 * that a dozen pipelines firing together still never open more than the host's budget of queries.
 *
 * <p>The two lanes share a host's budget unevenly on purpose: backfill chunks may hold at most
 * half of it (at least one read), so scheduled runs always keep the other half, however large
 * a backfill is; scheduled runs may use the whole budget while no backfill runs. Across nodes the
 * same shares hold through the slot numbers each lane may take ({@link #slotOrder}).
 */
final class HostBudgets {

    private final Map<String, int[]> inUse = new HashMap<>(); // host -> {all, backfill}

    /** The most reads backfill chunks may hold on a host with this budget. */
    static int backfillShare(int budget) {
        return Math.max(1, budget / 2);
    }

    /**
     * The slot numbers of a host's shared budget a lane tries, in order: backfill chunks only the
     * lower {@link #backfillShare} of them, so they never hold more cluster-wide; scheduled runs
     * all of them from the top down, so they leave the backfill half free as long as they can.
     */
    static int[] slotOrder(int budget, RunLane lane) {
        if (lane == RunLane.BACKFILL) {
            return java.util.stream.IntStream.range(0, backfillShare(budget)).toArray();
        }
        return java.util.stream.IntStream.range(0, budget).map(i -> budget - 1 - i).toArray();
    }

    synchronized boolean tryAcquire(String host, int budget, RunLane lane) {
        int[] used = inUse.computeIfAbsent(host, h -> new int[2]);
        if (used[0] >= budget || lane == RunLane.BACKFILL && used[1] >= backfillShare(budget)) {
            return false;
        }
        used[0]++;
        if (lane == RunLane.BACKFILL) {
            used[1]++;
        }
        return true;
    }

    synchronized void release(String host, RunLane lane) {
        int[] used = inUse.get(host);
        used[0]--;
        if (lane == RunLane.BACKFILL) {
            used[1]--;
        }
        notifyAll();
    }

    /** Wakes {@link #awaitChange} callers: a task finished or a slot was freed. */
    synchronized void signal() {
        notifyAll();
    }

    /** Waits until a slot is released or a task finishes, at most {@code millis}. */
    synchronized void awaitChange(long millis) throws InterruptedException {
        if (millis > 0) {
            wait(millis);
        }
    }
}
