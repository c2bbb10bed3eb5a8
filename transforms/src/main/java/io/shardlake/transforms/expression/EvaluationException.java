package io.shardlake.transforms.expression;

/** An expression that could not be evaluated for one row (bad argument value); the row is quarantined. */
public final class EvaluationException extends Exception {
    public EvaluationException(String message) {
        super(message, null, false, false);
    }
}
