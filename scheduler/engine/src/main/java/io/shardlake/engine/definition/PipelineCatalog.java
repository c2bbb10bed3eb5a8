package io.shardlake.engine.definition;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipelines the service knows, loaded from the definitions folder, and the errors of the
 * files that could not be loaded (those pipelines are not run; the others are). Immutable: a
 * reload makes a new catalog (see {@link DefinitionRegistry}).
 */
public final class PipelineCatalog {

    private static final PipelineCatalog EMPTY = new PipelineCatalog(List.of(), List.of());

    private final Map<String, PipelineDefinition> byName = new LinkedHashMap<>();
    private final Map<String, DefinitionSource> sources;
    private final List<DefinitionError> errors;

    /** A catalog whose definitions have no known source text (e.g. built by hand or in tests). */
    public PipelineCatalog(List<PipelineDefinition> definitions, List<DefinitionError> errors) {
        this(definitions, Map.of(), errors);
    }

    /**
     * @param sources pipeline name -> the file and text its definition was parsed from; may leave
     *                pipelines out, but may not name a pipeline that is not in {@code definitions}
     */
    public PipelineCatalog(List<PipelineDefinition> definitions, Map<String, DefinitionSource> sources,
            List<DefinitionError> errors) {
        definitions.forEach(d -> byName.put(d.name(), d));
        sources.keySet().forEach(name -> {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("source given for '" + name + "', which is not in the catalog");
            }
        });
        this.sources = Map.copyOf(sources);
        this.errors = List.copyOf(errors);
    }

    /** No pipelines, no errors: what a {@link DefinitionRegistry} holds before its first reload. */
    public static PipelineCatalog empty() {
        return EMPTY;
    }

    /** Loads every definition in {@code directory}, checking connections against {@code knownConnections}. */
    public static PipelineCatalog load(Path directory, Set<String> knownConnections) {
        return of(new DefinitionLoader(new DefinitionParser(knownConnections)).load(directory));
    }

    /** The catalog of what a {@link DefinitionLoader} loaded, sources included. */
    public static PipelineCatalog of(DefinitionLoader.LoadResult result) {
        return new PipelineCatalog(result.definitions(), result.sources(), result.errors());
    }

    public List<PipelineDefinition> all() {
        return List.copyOf(byName.values());
    }

    public Optional<PipelineDefinition> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The file name and exact text the pipeline's current definition was parsed from. */
    public Optional<DefinitionSource> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    public List<DefinitionError> errors() {
        return errors;
    }
}
