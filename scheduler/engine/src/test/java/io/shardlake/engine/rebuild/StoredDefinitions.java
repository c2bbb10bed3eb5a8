package io.shardlake.engine.rebuild;

import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.definition.PipelineDefinition;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The definition store of the rebuild tests: one pipeline, its current definition and the versions stored so far. */
final class StoredDefinitions {

    private StoredDefinitions() {
    }

    /** @param stored read on every lookup, so versions put in later are found */
    static DefinitionLookup of(Supplier<PipelineDefinition> current, Map<String, PipelineDefinition> stored) {
        return new DefinitionLookup() {
            @Override
            public Optional<PipelineDefinition> current(String pipeline) {
                return Optional.of(current.get());
            }

            @Override
            public Optional<PipelineDefinition> version(String pipeline, String version) {
                return Optional.ofNullable(stored.get(version));
            }
        };
    }
}
