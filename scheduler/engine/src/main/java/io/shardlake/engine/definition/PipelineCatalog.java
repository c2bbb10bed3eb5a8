package io.shardlake.engine.definition;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipelines the service knows, loaded from the definitions folder, and the errors of the
 * files that could not be loaded (those pipelines are not run; the others are).
 */
public final class PipelineCatalog {

    private final Map<String, PipelineDefinition> byName = new LinkedHashMap<>();
    private final List<DefinitionError> errors;

    public PipelineCatalog(List<PipelineDefinition> definitions, List<DefinitionError> errors) {
        definitions.forEach(d -> byName.put(d.name(), d));
        this.errors = List.copyOf(errors);
    }

    /** Loads every definition in {@code directory}, checking connections against {@code knownConnections}. */
    public static PipelineCatalog load(Path directory, Set<String> knownConnections) {
        DefinitionLoader.LoadResult result = new DefinitionLoader(new DefinitionParser(knownConnections)).load(directory);
        return new PipelineCatalog(result.definitions(), result.errors());
    }

    public List<PipelineDefinition> all() {
        return List.copyOf(byName.values());
    }

    public Optional<PipelineDefinition> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<DefinitionError> errors() {
        return errors;
    }
}
