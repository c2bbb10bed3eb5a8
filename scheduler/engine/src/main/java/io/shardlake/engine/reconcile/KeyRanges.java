package io.shardlake.engine.reconcile;

import io.shardlake.engine.lake.LiveKeys;

import io.shardlake.connectors.source.KeyHashes;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a shard's integer keys are cut into ranges for comparison: range {@code b} holds the keys
 * {@code [base + b * width, base + (b + 1) * width)}. Both sides summarize each range as the number
 * of keys and the sum of their hashes (order-independent, so the replica can aggregate it in one
 * pass of an index); only ranges whose summaries differ are compared key by key.
 *
 * <p>The hash of a key is the CRC-32 of its decimal digits, what MySQL's {@code CRC32(id)} computes.
 */
public record KeyRanges(long base, long width) {

    /** Count and hash sum of one range's keys. */
    public record Summary(long count, long hashSum) {
        public Summary plus(long hash) {
            return new Summary(count + 1, hashSum + hash);
        }
    }

    public KeyRanges {
        if (width < 1) {
            throw new IllegalArgumentException("a key range is at least one key wide, not " + width);
        }
    }

    /**
     * Ranges over the keys {@code [min, max]} the replica holds, about {@code targetRanges} of them and
     * never narrower than {@code minWidth} keys (a range holding a handful of keys costs a group in
     * the replica's aggregate for little).
     */
    public static KeyRanges over(long min, long max, int targetRanges, long minWidth) {
        long span = Math.max(1, max - min + 1);
        long width = Math.max(minWidth, (span + targetRanges - 1) / targetRanges);
        return new KeyRanges(min, width);
    }

    /** The range a key falls in; negative for keys below {@code base}. */
    public long rangeOf(long key) {
        return Math.floorDiv(key - base, width);
    }

    public long from(long range) {
        return base + range * width;
    }

    public long until(long range) {
        return base + (range + 1) * width;
    }

    public static long hash(long key) {
        return KeyHashes.crc32(key);
    }

    /** The summary of every range holding some of {@code keys}. */
    public Map<Long, Summary> summarize(LiveKeys keys) {
        Map<Long, Summary> out = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            long k = keys.get(i);
            out.merge(rangeOf(k), new Summary(1, hash(k)), (a, b) -> new Summary(a.count() + 1, a.hashSum() + b.hashSum()));
        }
        return out;
    }
}
