package io.shardlake.engine.run;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * Asks a running run to stop: set by a cancel request or the run timeout, read by its shard tasks
 * between chunks of rows, and carried into reads in flight by the hooks they register. A task that sees it stops before committing, so the lake and the
 * watermark are left as they were for that shard.
 */
public final class RunControl {

    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private final Set<Runnable> hooks = ConcurrentHashMap.newKeySet();

    /** A hook added by {@link #onStop}; closing it removes the hook. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Why a run stops: CANCELLED for people's requests, FAILED for a timeout. */
    public record Stop(RunState state, String reason) {
    }

    public static RunControl none() {
        return new RunControl();
    }

    /** The first stop asked wins; it runs the hooks registered with {@link #onStop}. */
    public void stop(RunState state, String reason) {
        if (stop.compareAndSet(null, new Stop(state, reason))) {
            hooks.forEach(RunControl::runQuietly);
        }
    }

    /**
     * Runs {@code hook} when the run is asked to stop (at once if it already was): how a shard task
     * cuts a read blocked on a replica that stopped answering, which it cannot notice between rows.
     */
    public Registration onStop(Runnable hook) {
        hooks.add(hook);
        if (stop.get() != null && hooks.remove(hook)) {
            runQuietly(hook);
        }
        return () -> hooks.remove(hook);
    }

    private static void runQuietly(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RunControl.class).warn("a stop hook failed: {}", e.toString());
        }
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
