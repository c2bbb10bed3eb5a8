package io.shardlake.engine.rebuild;

/** A change to rebuilds or table versions that the recorded state no longer allows; nothing was changed. */
public final class RebuildConflictException extends RuntimeException {

    public RebuildConflictException(String message) {
        super(message);
    }
}
