package io.shardlake.engine.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Shows whether heap stays flat while rows flow: samples heap used every 250 ms and records heap
 * used right after each garbage collection (the live data plus old garbage the collector left),
 * then reports both per quarter of the run. Flat means the after-GC figures, their minimum above
 * all (closest to the live data), do not grow from the first quarter to the last.
 */
final class HeapProbe implements AutoCloseable, NotificationListener {

    static final long INTERVAL_MILLIS = 250;

    /** A heap reading {@code millis} after the probe started. */
    private record Sample(long millis, long bytes) {
    }

    /** Heap figures of one quarter of the run, in bytes. */
    record Quarter(int number, int samples, long p50, long p90, long max, int collections, long afterGcMin, long afterGcMax) {
    }

    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());

    private final long start = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final List<Sample> afterGc = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-probe");
        t.setDaemon(true);
        return t;
    });
    private long end;

    private HeapProbe() {
    }

    static HeapProbe start() {
        HeapProbe probe = new HeapProbe();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(probe, null, null);
        }
        probe.sampler.scheduleAtFixedRate(probe::sample, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return probe;
    }

    private void sample() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        synchronized (this) {
            samples.add(new Sample(elapsedMillis(), used));
        }
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (HEAP_POOLS.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        synchronized (this) {
            afterGc.add(new Sample(elapsedMillis(), used));
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Stops sampling; the figures are final from here on. */
    @Override
    public void close() {
        sampler.shutdownNow();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // never added
            }
        }
        synchronized (this) {
            end = elapsedMillis();
        }
    }

    /** The four quarters of the probed time, by when each reading was taken. */
    synchronized List<Quarter> quarters() {
        List<Quarter> quarters = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            long[] used = within(samples, q).mapToLong(Sample::bytes).sorted().toArray();
            long[] gc = within(afterGc, q).mapToLong(Sample::bytes).sorted().toArray();
            quarters.add(new Quarter(q + 1, used.length, percentile(used, 50), percentile(used, 90), percentile(used, 100),
                    gc.length, gc.length == 0 ? -1 : gc[0], percentile(gc, 100)));
        }
        return quarters;
    }

    private Stream<Sample> within(List<Sample> readings, int quarter) {
        long span = Math.max(1, end);
        return readings.stream().filter(s -> Math.min(3, s.millis() * 4 / span) == quarter);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
