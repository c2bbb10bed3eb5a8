package io.shardlake.connectors.testing.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Wall time, CPU time of this process (all threads: readers, writers, GC, JIT) and of the
 * database server, and GC activity between two points of a round.
 */
public final class ProcessMeter {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** What a round cost. {@code serverCpuNanos} is -1 when the server's CPU is not readable. */
    public record Usage(long wallNanos, long cpuNanos, long serverCpuNanos, long gcCount, long gcMillis) {
        public double seconds() {
            return wallNanos / 1e9;
        }
    }

    private final ServerCpu server;
    private long wall;
    private long cpu;
    private long serverCpu;
    private long gcCount;
    private long gcMillis;

    public ProcessMeter(ServerCpu server) {
        this.server = server;
    }

    public void start() {
        gcCount = totalGcCount();
        gcMillis = totalGcMillis();
        serverCpu = server.cpuNanos();
        cpu = OS.getProcessCpuTime();
        wall = System.nanoTime();
    }

    public Usage stop() {
        long wallNow = System.nanoTime();
        long cpuNow = OS.getProcessCpuTime();
        long serverNow = server.cpuNanos();
        return new Usage(wallNow - wall, cpuNow - cpu, serverNow < 0 || serverCpu < 0 ? -1 : serverNow - serverCpu,
                totalGcCount() - gcCount, totalGcMillis() - gcMillis);
    }

    private static long totalGcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long totalGcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
