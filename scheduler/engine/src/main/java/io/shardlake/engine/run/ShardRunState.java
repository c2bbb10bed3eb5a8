package io.shardlake.engine.run;

/**
 * States of one shard's task within a run.
 * <pre>
 * RUNNING -> PUBLISHING -> SUCCEEDED
 * RUNNING | PUBLISHING -> FAILED       (its published files were deleted; watermark unchanged)
 * RUNNING | PUBLISHING -> ABANDONED    (the process died; recovery deleted its files)
 * RUNNING -> SKIPPED                   (nothing new to read)
 * </pre>
 */
public enum ShardRunState {
    RUNNING, PUBLISHING, SUCCEEDED, FAILED, ABANDONED, SKIPPED
}
