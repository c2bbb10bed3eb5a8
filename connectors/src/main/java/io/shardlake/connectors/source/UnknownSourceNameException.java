package io.shardlake.connectors.source;

/**
 * A table or column name that the source's catalog does not list: refused before any SQL is
 * built, so no text a user typed ever reaches a statement.
 */
public final class UnknownSourceNameException extends IllegalArgumentException {

    private final String field;

    public UnknownSourceNameException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** {@code table} or {@code column}. */
    public String field() {
        return field;
    }

    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
