package io.shardlake.engine.coordinator;

import io.shardlake.engine.definition.PipelineDefinition;
import java.util.List;
import java.util.Optional;

/** A {@link DefinitionLookup} over a fixed list: each pipeline has only its one version. */
record FixedDefinitions(List<PipelineDefinition> definitions) implements DefinitionLookup {

    static FixedDefinitions of(PipelineDefinition... definitions) {
        return new FixedDefinitions(List.of(definitions));
    }

    @Override
    public Optional<PipelineDefinition> current(String pipeline) {
        return definitions.stream().filter(d -> d.name().equals(pipeline)).findFirst();
    }

    @Override
    public Optional<PipelineDefinition> version(String pipeline, String version) {
        return current(pipeline).filter(d -> d.version().equals(version));
    }
}
