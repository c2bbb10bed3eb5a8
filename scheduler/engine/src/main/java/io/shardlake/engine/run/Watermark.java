package io.shardlake.engine.run;

import java.time.LocalDateTime;

/**
 * How far a shard of a pipeline is loaded: every row with a cursor below {@code cursor}, plus the
 * tail digest; for a pipeline following binlogs, also the binlog position its changes were taken
 * up to ({@code BinlogPosition#format()}), committed with them.
 *
 * @param binlog null for a pipeline that does not follow binlogs
 */
public record Watermark(LocalDateTime cursor, TailDigest tail, String binlog) {

    public Watermark(LocalDateTime cursor, TailDigest tail) {
        this(cursor, tail, null);
    }
}
