package io.shardlake.engine.current;

import java.time.Duration;

/**
 * How current-state tables are kept.
 *
 * @param bucketRows   rows a bucket file holds at most before it is split; an update rewrites each
 *                     bucket its run touches, so this bounds the rows rewritten per key changed
 * @param lease        how long an update holds a table without progress before another node may take
 *                     it over (renewed as it writes; a killed node's table is free again after this)
 * @param retiredGrace how long a replaced file stays for queries that read the previous manifest
 */
public record CurrentSettings(int bucketRows, Duration lease, Duration retiredGrace) {

    public static final int DEFAULT_BUCKET_ROWS = 20_000;
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    public static final Duration DEFAULT_RETIRED_GRACE = Duration.ofHours(1);

    public CurrentSettings {
        if (bucketRows < 2) {
            throw new IllegalArgumentException("bucketRows must be at least 2, was " + bucketRows);
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
        if (retiredGrace.isNegative()) {
            throw new IllegalArgumentException("retiredGrace must not be negative, was " + retiredGrace);
        }
    }

    public static CurrentSettings defaults() {
        return new CurrentSettings(DEFAULT_BUCKET_ROWS, DEFAULT_LEASE, DEFAULT_RETIRED_GRACE);
    }
}
