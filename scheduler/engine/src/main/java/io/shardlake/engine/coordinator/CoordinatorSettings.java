package io.shardlake.engine.coordinator;

import java.time.Duration;

/**
 * How one node takes part in running the queue.
 *
 * @param nodeId          unique per running process (host name and a random part): lease owner
 * @param leaseDuration   how long a run stays this node's without a heartbeat; after it, any node
 *                        may take the run over. Heartbeats come every third of it
 * @param maxRunsPerNode  runs this node executes at once (each uses up to the engine's
 *                        parallelism in shard tasks, within every host's budget)
 * @param queueScanLimit  queued runs looked at per dispatch, oldest first
 */
public record CoordinatorSettings(String nodeId, Duration leaseDuration, int maxRunsPerNode, int queueScanLimit) {

    public CoordinatorSettings {
        if (leaseDuration.toMillis() < 300 || maxRunsPerNode < 1 || queueScanLimit < 1) {
            throw new IllegalArgumentException("lease must be at least 300 ms, runs per node and queue scan limit positive");
        }
    }

    public Duration heartbeatInterval() {
        return leaseDuration.dividedBy(3);
    }
}
