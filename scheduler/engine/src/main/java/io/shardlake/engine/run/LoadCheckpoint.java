package io.shardlake.engine.run;

import java.time.LocalDateTime;
import java.util.List;

/**
 * How far a full load committed in slices has come (a rebuild's shard load, see
 * {@link TaskScope#loadsInSlices}): every row of its window up to and including key {@code after}
 * is in the lake. A task that takes the load over reads on after that key, within the same window,
 * so no row is read twice or left out.
 *
 * @param until  the ceiling of the load's window (exclusive): the watermark it commits when done
 * @param after  the last key of the last committed slice, values in key-column order
 * @param tail   the tail digest of the rows loaded so far (the versions the next window must know)
 * @param loaded what the committed slices did, over every task of the load
 */
public record LoadCheckpoint(LocalDateTime until, List<Object> after, TailDigest tail, ShardCounts loaded) {

    public LoadCheckpoint {
        after = List.copyOf(after);
        if (!canHold(after.toArray())) {
            throw new IllegalArgumentException("a checkpoint holds keys of whole numbers and strings, not " + after);
        }
    }

    /**
     * Whether a checkpoint can hold {@code key} exactly (whole numbers and strings, which the
     * metadata database stores as JSON and binds back unchanged); a load on another key type
     * commits its slices only with its last.
     */
    public static boolean canHold(Object[] key) {
        for (Object v : key) {
            if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
