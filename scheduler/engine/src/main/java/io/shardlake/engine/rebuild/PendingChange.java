package io.shardlake.engine.rebuild;

import java.util.List;

/**
 * A definition version the pipeline does not run yet because its table cannot take it: runs keep
 * using {@code runningVersion}, the last version compatible with the live table version, until a
 * rebuild applies {@code version} into a new table version.
 *
 * @param problems each incompatibility, naming the column and both types
 */
public record PendingChange(String pipeline, String version, String runningVersion, List<String> problems) {

    public PendingChange {
        problems = List.copyOf(problems);
    }

    /** What the page and the API say. */
    public String describe() {
        return "definition version " + version + " needs a rebuild to apply (" + String.join("; ", problems) + "); runs use version "
                + runningVersion + " until then";
    }
}
