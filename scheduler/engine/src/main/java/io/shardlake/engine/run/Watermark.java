package io.shardlake.engine.run;

import java.time.LocalDateTime;

/** How far a shard of a pipeline is loaded: every row with a cursor below {@code cursor}, plus the tail digest. */
public record Watermark(LocalDateTime cursor, TailDigest tail) {
}
