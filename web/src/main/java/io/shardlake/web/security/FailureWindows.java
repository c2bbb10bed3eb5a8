package io.shardlake.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Refusals counted per key within a sliding window: the {@code limit}-th refusal within
 * {@code window} blocks the key for {@code block}, and the count starts over. Keys are what anyone
 * can invent (client addresses, names typed), so an entry that holds nothing current is dropped
 * whenever the map has doubled since the last sweep: memory follows the refusals of one window.
 */
final class FailureWindows<K> {

    private static final int FIRST_SWEEP = 1024;

    private static final class Entry {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant blockedUntil = Instant.MIN;
    }

    private final int limit;
    private final Duration window;
    private final Duration block;
    private final Clock clock;
    private final Map<K, Entry> entries = new HashMap<>();
    private int sweepAt = FIRST_SWEEP;

    FailureWindows(int limit, Duration window, Duration block, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.block = block;
        this.clock = clock;
    }

    /** Until when {@code key} is blocked; empty when it is not. */
    synchronized Optional<Instant> blockedUntil(K key) {
        Entry e = entries.get(key);
        return e != null && clock.instant().isBefore(e.blockedUntil) ? Optional.of(e.blockedUntil) : Optional.empty();
    }

    /**
     * One refusal for {@code key}; refusals while it is blocked do not count (nor extend the block).
     *
     * @return until when, if this refusal blocked the key; else empty
     */
    synchronized Optional<Instant> failed(K key) {
        Instant now = clock.instant();
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        if (now.isBefore(e.blockedUntil)) {
            return Optional.empty();
        }
        e.failures.addLast(now);
        while (!e.failures.isEmpty() && !isCurrent(e.failures.peekFirst(), now)) {
            e.failures.removeFirst();
        }
        if (e.failures.size() < limit) {
            sweepIfGrown(now);
            return Optional.empty();
        }
        e.failures.clear();
        e.blockedUntil = now.plus(block);
        return Optional.of(e.blockedUntil);
    }

    /** Earlier refusals of {@code key} no longer count; a block stays. */
    synchronized void clear(K key) {
        Entry e = entries.get(key);
        if (e != null) {
            e.failures.clear();
        }
    }

    /** How many keys are held (for tests of the memory bound). */
    synchronized int size() {
        return entries.size();
    }

    private boolean isCurrent(Instant failure, Instant now) {
        return failure.isAfter(now.minus(window));
    }

    private void sweepIfGrown(Instant now) {
        if (entries.size() <= sweepAt) {
            return;
        }
        entries.values().removeIf(e -> !now.isBefore(e.blockedUntil) && (e.failures.isEmpty() || !isCurrent(e.failures.peekLast(), now)));
        sweepAt = Math.max(FIRST_SWEEP, 2 * entries.size());
    }
}
