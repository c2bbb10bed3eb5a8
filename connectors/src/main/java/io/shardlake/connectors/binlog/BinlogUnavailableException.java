package io.shardlake.connectors.binlog;

/**
 * The shard's binlog cannot be followed: a setting is wrong (named in the message, with the
 * value to set), or the position to resume from is gone.
 */
public class BinlogUnavailableException extends Exception {

    private final boolean purged;

    public BinlogUnavailableException(String message, boolean purged) {
        super(message);
        this.purged = purged;
    }

    /** Whether the position to resume from was purged from the server (the settings are fine). */
    public boolean purged() {
        return purged;
    }
}
