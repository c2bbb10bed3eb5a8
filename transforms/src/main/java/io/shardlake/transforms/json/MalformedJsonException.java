package io.shardlake.transforms.json;

/** A source document that is not valid JSON; the row it came from goes to quarantine. */
public final class MalformedJsonException extends Exception {
    public MalformedJsonException(String message) {
        super(message);
    }
}
