package io.shardlake.connectors.parquet;

/**
 * A row does not fit the schema (wrong length, a value of the wrong Java type, a decimal of the
 * wrong scale or too many digits). Thrown before any of the row reaches a file: the row is not
 * written and the writer stays usable, so a caller may quarantine the row and go on.
 */
public class InvalidRowException extends IllegalArgumentException {

    public InvalidRowException(String message) {
        super(message);
    }
}
