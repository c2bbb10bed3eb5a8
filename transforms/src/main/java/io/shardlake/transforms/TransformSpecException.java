package io.shardlake.transforms;

/** A transform spec that cannot be compiled; {@link #field()} names the offending field. */
public final class TransformSpecException extends IllegalArgumentException {

    private final String field;

    public TransformSpecException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
