package io.shardlake.engine.run;

/**
 * The run is no longer this attempt's: its lease expired and it was queued or claimed again (the
 * node paused or lost the database for longer than the lease). Nothing was changed.
 */
public final class LeaseLostException extends CommitRefusedException {
    public LeaseLostException(String message) {
        super(message);
    }
}
