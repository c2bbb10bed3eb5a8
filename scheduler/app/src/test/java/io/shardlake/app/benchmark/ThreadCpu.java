package io.shardlake.app.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process's live threads by {@link ThreadRoles role}; the difference of two
 * snapshots is what each role used in between. (GC and JIT threads are not Java threads: they
 * show in the process total only.)
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** Thread id to its role and CPU nanoseconds so far. */
    record Snapshot(Map<Long, Map.Entry<String, Long>> threads) {

        /** CPU nanoseconds per role since {@code earlier} (threads started meanwhile count from zero). */
        Map<String, Long> since(Snapshot earlier) {
            Map<String, Long> byRole = new TreeMap<>();
            threads.forEach((id, now) -> {
                Map.Entry<String, Long> before = earlier.threads.get(id);
                long used = now.getValue() - (before == null ? 0 : before.getValue());
                byRole.merge(now.getKey(), used, Long::sum);
            });
            return byRole;
        }
    }

    static Snapshot snapshot() {
        Map<Long, Map.Entry<String, Long>> threads = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                threads.put(info.getThreadId(), Map.entry(ThreadRoles.of(info.getThreadName()), cpu));
            }
        }
        return new Snapshot(threads);
    }
}
