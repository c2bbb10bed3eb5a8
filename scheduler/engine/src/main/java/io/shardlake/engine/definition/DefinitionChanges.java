package io.shardlake.engine.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a reload changed, pipeline by pipeline, comparing versions (a hash of the definition's
 * tree, so an edit of comments, formatting or key order changes nothing).
 *
 * <p>A pipeline whose file now has errors is <em>not</em> removed: the reload keeps its last good
 * definition (see {@link DefinitionRegistry#reload()}), so it is listed in {@code unchanged} and in
 * {@code keptOnError}, and its errors are in {@code errors}. A pipeline is removed only when the
 * file it was loaded from is gone (deleted, or renamed away).
 *
 * @param added       pipelines new in the catalog, in catalog order
 * @param changed     pipelines whose version differs, as they are now
 * @param removed     names of the pipelines no longer in the catalog
 * @param unchanged   names of the pipelines with the same version as before
 * @param keptOnError names of the pipelines whose file has errors now and that keep running on
 *                    their last good definition (a subset of {@code unchanged})
 * @param errors      every error of the catalog now, whether new or not
 */
public record DefinitionChanges(
        List<PipelineDefinition> added,
        List<PipelineDefinition> changed,
        List<String> removed,
        List<String> unchanged,
        List<String> keptOnError,
        List<DefinitionError> errors) {

    public DefinitionChanges {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        unchanged = List.copyOf(unchanged);
        keptOnError = List.copyOf(keptOnError);
        errors = List.copyOf(errors);
    }

    public static DefinitionChanges between(PipelineCatalog before, PipelineCatalog after) {
        List<PipelineDefinition> added = new ArrayList<>();
        List<PipelineDefinition> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (PipelineDefinition now : after.all()) {
            Optional<PipelineDefinition> earlier = before.get(now.name());
            if (earlier.isEmpty()) {
                added.add(now);
            } else if (earlier.get().version().equals(now.version())) {
                unchanged.add(now.name());
            } else {
                changed.add(now);
            }
        }
        List<String> removed = before.all().stream()
                .map(PipelineDefinition::name)
                .filter(name -> after.get(name).isEmpty())
                .toList();
        return new DefinitionChanges(added, changed, removed, unchanged, keptOnError(after), after.errors());
    }

    /**
     * The pipelines of {@code catalog} whose own file has errors: a loaded file has none, so such
     * a definition is the one kept from before the file broke. (A second file claiming the
     * pipeline has errors under its own name, which does not count.)
     */
    private static List<String> keptOnError(PipelineCatalog catalog) {
        Set<String> brokenFiles = catalog.errors().stream().map(DefinitionError::source).collect(Collectors.toSet());
        return catalog.all().stream()
                .map(PipelineDefinition::name)
                .filter(name -> catalog.source(name).map(s -> brokenFiles.contains(s.fileName())).orElse(false))
                .toList();
    }

    /** Whether any pipeline was added, changed or removed (errors aside). */
    public boolean hasChanges() {
        return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
    }

    /** E.g. {@code added [orders], changed [customers], removed [], unchanged 1, kept on error [], 0 errors}. */
    @Override
    public String toString() {
        return "added " + added.stream().map(PipelineDefinition::name).toList()
                + ", changed " + changed.stream().map(PipelineDefinition::name).toList()
                + ", removed " + removed
                + ", unchanged " + unchanged.size()
                + ", kept on error " + keptOnError
                + ", " + errors.size() + (errors.size() == 1 ? " error" : " errors");
    }
}
