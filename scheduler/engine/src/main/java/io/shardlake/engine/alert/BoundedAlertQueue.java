package io.shardlake.engine.alert;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that does alert work in the order it was handed in, so a run's thread never waits for
 * the metadata database or a webhook. When {@code capacity} jobs wait already (a webhook hangs up to
 * its timeout per alert), new ones are dropped with a log line rather than piling up.
 */
public final class BoundedAlertQueue implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoundedAlertQueue.class);

    private final ThreadPoolExecutor executor;

    public BoundedAlertQueue(int capacity) {
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
            Thread t = new Thread(r, "alerts");
            t.setDaemon(true);
            return t;
        }, (r, e) -> log.warn("alert queue full ({} waiting) or closed: an alert check was dropped", e.getQueue().size()));
    }

    @Override
    public void execute(Runnable job) {
        executor.execute(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.error("alert work failed; the next event tries again", e);
            }
        });
    }

    /** Lets waiting alerts go out for a few seconds, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
