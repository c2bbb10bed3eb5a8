package io.shardlake.engine.coordinator;

import io.shardlake.engine.definition.PipelineDefinition;
import java.util.List;
import java.util.Optional;

/** Finds the definition a run needs: the current one, or the exact version a run was queued with. */
public interface DefinitionLookup {

    Optional<PipelineDefinition> current(String pipeline);

    /** The definition of that version: the current one if it matches, else the stored text of it. */
    Optional<PipelineDefinition> version(String pipeline, String version);

    /** A lookup of fixed definitions, each the version of itself every run asks for (tests, tools). */
    static DefinitionLookup of(PipelineDefinition... definitions) {
        List<PipelineDefinition> all = List.of(definitions);
        return new DefinitionLookup() {
            @Override
            public Optional<PipelineDefinition> current(String pipeline) {
                return all.stream().filter(d -> d.name().equals(pipeline)).findFirst();
            }

            @Override
            public Optional<PipelineDefinition> version(String pipeline, String version) {
                return current(pipeline);
            }
        };
    }
}
