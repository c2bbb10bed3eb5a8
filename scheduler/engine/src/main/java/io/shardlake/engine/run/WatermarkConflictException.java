package io.shardlake.engine.run;

/** The watermark changed between planning and commit: another task loaded the same shard. */
public final class WatermarkConflictException extends CommitRefusedException {
    public WatermarkConflictException(String message) {
        super(message);
    }
}
