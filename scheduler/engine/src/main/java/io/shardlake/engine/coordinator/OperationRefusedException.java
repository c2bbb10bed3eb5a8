package io.shardlake.engine.coordinator;

/** An operator action that cannot be done; nothing was changed. */
public final class OperationRefusedException extends RuntimeException {

    /** NOT_FOUND: the pipeline or run does not exist; CONFLICT: its state does not allow the action. */
    public enum Reason { NOT_FOUND, CONFLICT }

    private final Reason reason;

    public OperationRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
