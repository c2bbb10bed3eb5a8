package io.shardlake.engine.definition;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline definition that cannot be accepted, with every problem found in it (not just the
 * first), so one round of edits can fix them all.
 */
public final class InvalidDefinitionException extends RuntimeException {

    private final List<DefinitionError> errors;

    public InvalidDefinitionException(List<DefinitionError> errors) {
        super(describe(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid definition has at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<DefinitionError> errors() {
        return errors;
    }

    private static String describe(List<DefinitionError> errors) {
        String header = errors.size() == 1 ? "invalid pipeline definition (1 error):" : "invalid pipeline definition (" + errors.size() + " errors):";
        return errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
