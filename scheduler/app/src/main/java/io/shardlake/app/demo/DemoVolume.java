package io.shardlake.app.demo;

import java.time.Duration;

/**
 * How much demo data each shard gets.
 *
 * @param orders          orders created per shard at start
 * @param formSubmissions form submissions created per shard at start
 * @param customers       customers created per shard at start; orders and submissions refer to them
 * @param insertsPerTick  new rows per table per shard on each tick
 * @param updatesPerTick  existing rows changed per table per shard on each tick
 * @param history         how far back the initial rows' {@code created_at} go
 * @param malformedOneIn  about one JSON document in this many is malformed (0 for none)
 */
public record DemoVolume(int orders, int formSubmissions, int customers, int insertsPerTick, int updatesPerTick,
                         Duration history, int malformedOneIn) {

    /** About 2,800 rows per shard, a handful of changes per table every tick, one bad JSON in 500. */
    public static final DemoVolume DEFAULT = new DemoVolume(2_000, 500, 300, 3, 5, Duration.ofDays(7), 500);

    public DemoVolume {
        if (orders < 0 || formSubmissions < 0 || customers < 1 || insertsPerTick < 0 || updatesPerTick < 0
                || malformedOneIn < 0 || history.isNegative()) {
            throw new IllegalArgumentException("Invalid demo volume: " + this);
        }
    }
}
