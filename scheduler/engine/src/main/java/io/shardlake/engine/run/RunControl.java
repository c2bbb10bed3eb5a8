package io.shardlake.engine.run;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a running run to stop: set by a cancel request or the run timeout, read by its shard tasks
 * between chunks of rows. A task that sees it stops before committing, so the lake and the
 * watermark are left as they were for that shard.
 */
public final class RunControl {

    private final AtomicReference<Stop> stop = new AtomicReference<>();

    /** Why a run stops: CANCELLED for people's requests, FAILED for a timeout. */
    public record Stop(RunState state, String reason) {
    }

    public static RunControl none() {
        return new RunControl();
    }

    /** The first stop asked wins. */
    public void stop(RunState state, String reason) {
        stop.compareAndSet(null, new Stop(state, reason));
    }

    public Stop stopped() {
        return stop.get();
    }

    void throwIfStopped() throws ShardTaskFailure {
        Stop s = stop.get();
        if (s != null) {
            throw new ShardTaskFailure("stopped: " + s.reason(), false);
        }
    }
}
