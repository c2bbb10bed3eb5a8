package io.shardlake.engine.definition;

import java.util.Objects;

/**
 * One problem found in a pipeline definition, precise enough to fix without guessing.
 *
 * @param source  where the definition came from: a file name such as {@code orders.yaml}, or
 *                {@code form} for the web form
 * @param field   dotted path of the offending field, e.g. {@code transform.json[0].fields[2].type};
 *                empty when the problem concerns the whole document (a YAML syntax error)
 * @param message what is wrong and, where useful, a valid example
 */
public record DefinitionError(String source, String field, String message) {

    public DefinitionError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** E.g. {@code orders.yaml: transform.columns[1].type: unknown type 'strng'; use one of ...}. */
    @Override
    public String toString() {
        return field.isEmpty() ? source + ": " + message : source + ": " + field + ": " + message;
    }
}
