package io.shardlake.engine.current;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer per current table at a time: in this process a lock per table, across nodes the
 * metadata database's lease ({@link CurrentTables#acquire}), renewed as the writer makes progress.
 */
final class CurrentTableLease {

    /** Work done holding a table, as {@code owner}. */
    @FunctionalInterface
    interface Work<T> {
        T run(String owner) throws Exception;
    }

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final CurrentTables tables;
    private final Duration lease;
    private final Duration wait;
    private final String node;
    private final Clock clock;

    /** @param wait how long a writer waits for another one of the same table before it gives up (a later run does it) */
    CurrentTableLease(CurrentTables tables, Duration lease, Duration wait, String node, Clock clock) {
        this.tables = tables;
        this.lease = lease;
        this.wait = wait;
        this.node = node;
        this.clock = clock;
    }

    /** Runs {@code work} holding table {@code name}; {@code what} names the work in the refusal when another writer keeps it. */
    <T> T hold(String name, String what, Work<T> work) throws Exception {
        ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
        if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("another update of " + name + " in this node is still running; " + what
                    + " is applied by a later run");
        }
        try {
            String owner = node + "/" + UUID.randomUUID();
            long waitUntil = System.nanoTime() + wait.toNanos();
            while (!tables.acquire(name, owner, clock.instant(), clock.instant().plus(lease))) {
                if (System.nanoTime() > waitUntil) {
                    throw new IllegalStateException("another node is updating " + name + " (or was killed while it did: its lease runs"
                            + " out after shardlake.current.lease); " + what + " is applied by a later run");
                }
                Thread.sleep(200);
            }
            try {
                return work.run(owner);
            } finally {
                tables.release(name, owner);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Extends the lease while the writer makes progress, so a short lease still covers a long update. */
    void renew(String name, String owner) {
        Instant now = clock.instant();
        if (!tables.acquire(name, owner, now, now.plus(lease))) {
            throw new IllegalStateException("the lease on " + name + " was taken over; the next update applies this run again");
        }
    }
}
