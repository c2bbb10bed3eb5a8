package io.shardlake.engine.sink;

/** A sink refuses a run before it writes anything; the run fails with this message and the lake is untouched. */
public final class SinkRefusedException extends RuntimeException {

    public SinkRefusedException(String sink, String message, Throwable cause) {
        super(sink + ": " + message, cause);
    }
}
