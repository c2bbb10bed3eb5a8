package io.shardlake.connectors.source;

import java.time.Duration;

/**
 * What a shard reports about its replication delay. {@link #stopped()} (the lag column is NULL)
 * means replication is not running: data on the replica is frozen at an unknown point, so the
 * window must not advance.
 */
public record ReplicaLag(Duration lag, boolean stopped, String detail) {

    public static ReplicaLag notAReplica() {
        return new ReplicaLag(Duration.ZERO, false, "not a replica");
    }

    public static ReplicaLag of(Duration lag) {
        return new ReplicaLag(lag, false, "replica " + lag.toSeconds() + " s behind");
    }

    public static ReplicaLag stoppedReplication(String detail) {
        return new ReplicaLag(null, true, detail);
    }
}
