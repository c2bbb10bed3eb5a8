package io.shardlake.engine.rebuild;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a pipeline's table. Version 1 is the table as first loaded; each rebuild adds
 * the next. Readers see the LIVE one under the table's own name; the others live beside it under
 * {@code table} ({@code <table>__v<N>}).
 *
 * @param definitionVersion the definition version it was built with
 * @param rebuildId         the rebuild that built it; null for version 1
 * @param liveSince         when it last became live; null if never
 * @param retiredAt         when it stopped being live; null while live or never live
 */
public record TableVersion(String pipeline, int version, String definitionVersion, String table, State state, String rebuildId,
                           Instant createdAt, Instant liveSince, Instant retiredAt) {

    public enum State { BUILDING, LIVE, RETIRED, DISCARDED }

    public TableVersion {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(definitionVersion, "definitionVersion");
        Objects.requireNonNull(state, "state");
    }
}
