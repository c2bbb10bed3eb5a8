package io.shardlake.transforms.cast;

/** A value that cannot be represented in its declared column type; the row is quarantined. */
public final class CastException extends Exception {
    public CastException(String message) {
        super(message, null, false, false);
    }
}
