package io.shardlake.app.benchmark;

/**
 * What a service thread does, from its name: the figures are split by role so that scheduling
 * costs (Quartz, the dispatch and heartbeat loops) are told apart from executing runs.
 */
final class ThreadRoles {

    static final String QUARTZ_STORE = "quartz-store";
    static final String QUARTZ_JOB = "quartz-job";
    static final String LOOPS = "scheduler-loops";
    static final String RUN = "run";
    static final String SHARD_TASK = "shard-task";
    static final String OTHER = "other";

    private ThreadRoles() {
    }

    static String of(String threadName) {
        if (threadName.contains("_Worker-")) {
            return QUARTZ_JOB; // Quartz's worker threads execute PipelineJob: queue the run, wake the dispatcher
        }
        if (threadName.contains("QuartzScheduler")) {
            return QUARTZ_STORE; // trigger acquisition and firing, cluster check-in, misfire scans
        }
        if (threadName.startsWith("scheduler-loop")) {
            return LOOPS; // dispatch, heartbeat, definitions poll, catch-up sweep
        }
        if (threadName.startsWith("shard-task-")) {
            return SHARD_TASK;
        }
        if (threadName.startsWith("run-")) {
            return RUN;
        }
        return OTHER;
    }
}
