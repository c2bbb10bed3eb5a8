package io.shardlake.engine.coordinator;

import io.shardlake.engine.definition.PipelineDefinition;
import java.util.Optional;

/** Finds the definition a run needs: the current one, or the exact version a run was queued with. */
public interface DefinitionLookup {

    Optional<PipelineDefinition> current(String pipeline);

    /** The definition of that version: the current one if it matches, else the stored text of it. */
    Optional<PipelineDefinition> version(String pipeline, String version);
}
