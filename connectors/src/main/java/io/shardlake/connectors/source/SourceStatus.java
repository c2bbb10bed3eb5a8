package io.shardlake.connectors.source;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A shard's state, taken before a window is planned: its own clock, its replication lag, and the
 * zone its cursor values are written in.
 */
public record SourceStatus(Instant utcNow, ReplicaLag lag, ZoneId cursorZone) {
}
