package io.shardlake.engine.registration;

/** A save that lost a race or started from an outdated version; nothing was saved. */
public final class VersionConflictException extends RuntimeException {
    public VersionConflictException(String message) {
        super(message);
    }
}
