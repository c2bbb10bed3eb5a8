package io.shardlake.connectors.source;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the service waits for a replica, so that a frozen server, a half-open connection or a
 * network partition fails a shard task instead of holding its thread for as long as it lasts.
 *
 * @param connect how long opening a connection may take
 * @param read    how long a connection may go without receiving a byte while the service waits for
 *                one (the driver's socket timeout); well under the run lease, far above the gaps of
 *                a healthy streaming read
 * @param query   how long one statement (one keyset-paged chunk, an EXPLAIN) may run in all
 */
public record SourceTimeouts(Duration connect, Duration read, Duration query) {

    public static final SourceTimeouts DEFAULTS = new SourceTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofMinutes(10));

    public SourceTimeouts {
        Objects.requireNonNull(connect, "connect-timeout");
        Objects.requireNonNull(read, "read-timeout");
        Objects.requireNonNull(query, "query-timeout");
        if (connect.toMillis() < 1 || read.toMillis() < 1 || query.toSeconds() < 1) {
            throw new IllegalArgumentException("connect-timeout and read-timeout must be positive, query-timeout at least 1s");
        }
    }

    /** Whole seconds for {@link java.sql.Statement#setQueryTimeout}. */
    int querySeconds() {
        return (int) Math.min(Integer.MAX_VALUE, query.toSeconds());
    }
}
