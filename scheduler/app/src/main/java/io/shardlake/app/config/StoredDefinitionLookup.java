package io.shardlake.app.config;

import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.definition.InvalidDefinitionException;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunQueue;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The current definitions from the registry, and older versions parsed from their stored text. */
final class StoredDefinitionLookup implements DefinitionLookup {

    private final DefinitionRegistry registry;
    private final RunQueue queue;
    private final DefinitionParser parser;
    private final Map<String, PipelineDefinition> versions = new ConcurrentHashMap<>();

    StoredDefinitionLookup(DefinitionRegistry registry, RunQueue queue, Set<String> connections) {
        this.registry = registry;
        this.queue = queue;
        this.parser = new DefinitionParser(connections);
    }

    @Override
    public Optional<PipelineDefinition> current(String pipeline) {
        return registry.current().get(pipeline);
    }

    @Override
    public Optional<PipelineDefinition> version(String pipeline, String version) {
        Optional<PipelineDefinition> current = current(pipeline);
        if (current.isPresent() && current.get().version().equals(version)) {
            return current;
        }
        PipelineDefinition cached = versions.get(pipeline + "@" + version);
        if (cached != null) {
            return Optional.of(cached);
        }
        return queue.definitionText(pipeline, version).flatMap(text -> {
            try {
                PipelineDefinition d = parser.parse(pipeline + ".yaml", text);
                versions.put(pipeline + "@" + version, d);
                return Optional.of(d);
            } catch (InvalidDefinitionException e) {
                return Optional.empty();
            }
        });
    }
}
