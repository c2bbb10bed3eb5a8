package io.shardlake.engine.definition;

import java.util.ArrayList;
import java.util.List;

/** Collects the errors of one definition as they are found, so all of them can be reported. */
final class Problems {

    private final String source;
    private final List<DefinitionError> errors = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void add(String field, String message) {
        errors.add(new DefinitionError(source, field, message));
    }

    /** Errors so far; compare two counts to know whether a section read cleanly. */
    int count() {
        return errors.size();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidDefinitionException(errors);
        }
    }
}
