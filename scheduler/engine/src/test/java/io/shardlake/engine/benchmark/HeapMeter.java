package io.shardlake.engine.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Heap of a round: the sum of the heap pools' peak usage since {@link #reset()} (an upper bound:
 * pools peak at different moments), and heap used after a full GC at the end (what stays live).
 */
final class HeapMeter {

    /** Heap at the end of a round. */
    record HeapUsage(long peakPoolSumBytes, long oldGenPeakBytes, long usedAfterGcBytes) {
    }

    private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();

    private HeapMeter() {
    }

    /** Collects garbage, then starts the peaks afresh. */
    static void reset() {
        System.gc();
        HEAP_POOLS.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Reads the peaks, then collects garbage and reads what is still used. */
    static HeapUsage measure() {
        long peak = HEAP_POOLS.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long oldPeak = HEAP_POOLS.stream().filter(HeapMeter::isOldGeneration).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.gc();
        long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new HeapUsage(peak, oldPeak, after);
    }

    static boolean isOldGeneration(MemoryPoolMXBean pool) {
        String name = pool.getName();
        return name.contains("Old") || name.contains("Tenured");
    }

    /** The -Xmx the JVM was started with, or the max heap it chose. */
    static String maxHeapSetting() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xmx")) {
                return arg;
            }
        }
        return "(no -Xmx; default max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB)";
    }
}
