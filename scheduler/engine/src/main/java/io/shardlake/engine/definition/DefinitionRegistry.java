package io.shardlake.engine.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current pipeline definitions of a definitions folder, reloaded on demand while the service
 * runs. {@link #current()} is lock-free and always returns a whole catalog, never a half-applied
 * reload.
 *
 * <p>Rules of a reload:
 * <ul>
 *   <li>A file that loads replaces its pipeline's definition ({@code changed} when the version
 *       differs; an edit of comments or key order keeps the version).</li>
 *   <li>A pipeline whose file is still there but now fails to load (invalid, half-written,
 *       unreadable) keeps its last good definition and source, so it keeps running on the old
 *       version; the file's errors are reported. Fixing the file makes it {@code changed}.</li>
 *   <li>A pipeline is removed only when the file it was loaded from is gone (deleted or renamed).</li>
 *   <li>A second file claiming a pipeline ({@code orders.yml} next to {@code orders.yaml}) is an
 *       error and never replaces the file that holds it, whichever name sorts first.</li>
 *   <li>If the folder itself is missing or cannot be listed (an unmounted volume), every pipeline
 *       is kept and the folder's error is reported: that is not a deletion of every file.</li>
 * </ul>
 *
 * <p>The registry starts empty, without reading anything: the service's first {@link #reload()}
 * reports every pipeline as added, so start-up and later changes are reconciled the same way.
 * Thread-safe; reloads are serialised, so listeners see changes in the order they were applied.
 */
public final class DefinitionRegistry {

    private static final Logger log = LoggerFactory.getLogger(DefinitionRegistry.class);

    private final Path directory;
    private final DefinitionLoader loader;
    private final RegisteredDefinitions registered;
    private final AtomicReference<PipelineCatalog> current = new AtomicReference<>(PipelineCatalog.empty());
    private final List<Consumer<DefinitionChanges>> listeners = new CopyOnWriteArrayList<>();

    public DefinitionRegistry(Path directory, DefinitionLoader loader) {
        this(directory, loader, RegisteredDefinitions.NONE);
    }

    /**
     * A registry of the folder's definitions and the {@code registered} ones. A name defined by
     * both is the folder's: the registered version is not loaded and the conflict is listed in the
     * catalog's errors (registration refuses such names, see {@link #folderFileOf(String)}).
     */
    public DefinitionRegistry(Path directory, DefinitionLoader loader, RegisteredDefinitions registered) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.registered = Objects.requireNonNull(registered, "registered");
    }

    /** A registry of {@code directory}, checking connections against {@code knownConnections}. */
    public DefinitionRegistry(Path directory, Set<String> knownConnections) {
        this(directory, new DefinitionLoader(new DefinitionParser(knownConnections)));
    }

    /** A registry of {@code directory} and the {@code registered} definitions, checking connections. */
    public DefinitionRegistry(Path directory, Set<String> knownConnections, RegisteredDefinitions registered) {
        this(directory, new DefinitionLoader(new DefinitionParser(knownConnections)), registered);
    }

    /**
     * Tells whether a reload could find something new: a folder file changed or a version was
     * registered. For the service's definitions poll; one watcher per loop.
     */
    public DefinitionChangeWatcher changeWatcher() {
        return new DefinitionChangeWatcher(new DefinitionFolderWatcher(directory), registered);
    }

    /**
     * The file of the definitions folder that holds (or claims, even when broken) the pipeline
     * {@code name}, e.g. {@code orders.yaml}; empty when there is none or the folder cannot be listed.
     */
    public Optional<String> folderFileOf(String name) {
        try {
            return Files.isDirectory(directory) ? DefinitionFiles.list(directory).stream()
                    .map(f -> f.getFileName().toString())
                    .filter(f -> name.equals(DefinitionFiles.stem(f)))
                    .findFirst() : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Path directory() {
        return directory;
    }

    /** The catalog as of the last reload; empty before the first. */
    public PipelineCatalog current() {
        return current.get();
    }

    /**
     * Loads the folder again, applies the rules above, makes the result {@link #current()} and
     * returns what changed. Listeners are then called, on this thread, if a pipeline was added,
     * changed or removed, or the errors differ from the previous catalog's.
     */
    public synchronized DefinitionChanges reload() {
        PipelineCatalog before = current.get();
        DefinitionLoader.LoadResult loaded = loader.load(directory, currentFiles(before));
        PipelineCatalog after = withRegistered(before, reconcile(before, loaded), loaded.files());
        current.set(after);
        DefinitionChanges changes = DefinitionChanges.between(before, after);
        if (changes.hasChanges() || !before.errors().equals(after.errors())) {
            notifyListeners(changes);
        }
        return changes;
    }

    /**
     * Calls {@code listener} after each reload that changed something (see {@link #reload()}).
     * A listener that throws is logged and does not keep the others from being called: the new
     * catalog is already current, and a later reload would not report these changes again.
     */
    public void addListener(Consumer<DefinitionChanges> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Consumer<DefinitionChanges> listener) {
        listeners.remove(listener);
    }

    /** Pipeline name -> the file its current definition came from, so that file keeps the name. */
    private static Map<String, String> currentFiles(PipelineCatalog catalog) {
        Map<String, String> files = new HashMap<>();
        for (PipelineDefinition definition : catalog.all()) {
            catalog.source(definition.name()).ifPresent(s -> files.put(definition.name(), s.fileName()));
        }
        return files;
    }

    /** The new catalog: what loaded, plus the last good definition of each file that now fails. */
    static PipelineCatalog reconcile(PipelineCatalog before, DefinitionLoader.LoadResult loaded) {
        Map<String, PipelineDefinition> definitions = new TreeMap<>();
        Map<String, DefinitionSource> sources = new HashMap<>();
        Set<String> files = Set.copyOf(loaded.files());
        for (PipelineDefinition previous : before.all()) {
            Optional<DefinitionSource> source = before.source(previous.name());
            if (!loaded.folderListed() || source.isPresent() && files.contains(source.get().fileName())) {
                definitions.put(previous.name(), previous);
                source.ifPresent(s -> sources.put(previous.name(), s));
            }
        }
        // Whatever loaded wins over what was kept; what was kept and did not load is the last good one.
        loaded.definitions().forEach(d -> definitions.put(d.name(), d));
        sources.putAll(loaded.sources());
        return new PipelineCatalog(List.copyOf(definitions.values()), sources, loaded.errors());
    }

    /**
     * The folder's catalog plus the latest version of each registered pipeline. A registered
     * version that no longer loads (a connection removed from the configuration) keeps its last
     * good definition, as a broken file does; so does every registered pipeline while the store
     * cannot be read.
     */
    private PipelineCatalog withRegistered(PipelineCatalog before, PipelineCatalog folder, List<String> folderFiles) {
        Map<String, PipelineDefinition> definitions = new LinkedHashMap<>();
        Map<String, DefinitionSource> sources = new HashMap<>();
        for (PipelineDefinition d : folder.all()) {
            Optional<DefinitionSource> source = folder.source(d.name());
            if (source.isPresent() && RegisteredDefinitions.isRegistered(source.get())) {
                continue; // kept by reconcile only because the folder could not be listed; decided below
            }
            definitions.put(d.name(), d);
            source.ifPresent(s -> sources.put(d.name(), s));
        }
        Map<String, String> folderFileByName = new HashMap<>();
        folderFiles.forEach(f -> folderFileByName.putIfAbsent(DefinitionFiles.stem(f), f));
        definitions.keySet().forEach(name -> folderFileByName.putIfAbsent(name, name + ".yaml"));
        List<DefinitionError> errors = new ArrayList<>(folder.errors());
        List<RegisteredDefinitions.Latest> latest;
        try {
            latest = registered.latest();
        } catch (RuntimeException e) {
            errors.add(new DefinitionError("registered pipelines", "", "cannot be read (" + e.getMessage()
                    + "); registered pipelines keep their last loaded versions"));
            latest = null;
        }
        if (latest == null) {
            for (PipelineDefinition d : before.all()) {
                Optional<DefinitionSource> source = before.source(d.name());
                if (source.isPresent() && RegisteredDefinitions.isRegistered(source.get()) && !definitions.containsKey(d.name())) {
                    definitions.put(d.name(), d);
                    sources.put(d.name(), source.get());
                }
            }
            return new PipelineCatalog(List.copyOf(definitions.values()), sources, errors);
        }
        for (RegisteredDefinitions.Latest r : latest) {
            String sourceName = RegisteredDefinitions.sourceName(r.pipeline());
            String file = folderFileByName.get(r.pipeline());
            if (file != null) {
                errors.add(new DefinitionError(sourceName, "name", "defined by " + folderLabel() + file + ": edit the file;"
                        + " registered version " + r.version() + " is not loaded"));
                continue;
            }
            try {
                PipelineDefinition d = loader.parser().parse(sourceName, r.text());
                if (!d.name().equals(r.pipeline())) {
                    throw new InvalidDefinitionException(List.of(new DefinitionError(sourceName, "name", "'" + d.name()
                            + "' differs from the registered name '" + r.pipeline() + "'")));
                }
                definitions.put(d.name(), d);
                sources.put(d.name(), new DefinitionSource(sourceName, r.text()));
            } catch (InvalidDefinitionException e) {
                errors.addAll(e.errors());
                before.get(r.pipeline()).ifPresent(previous -> before.source(r.pipeline())
                        .filter(RegisteredDefinitions::isRegistered)
                        .ifPresent(s -> {
                            definitions.put(previous.name(), previous);
                            sources.put(previous.name(), s);
                        }));
            }
        }
        return new PipelineCatalog(List.copyOf(definitions.values()), sources, errors);
    }

    /** {@code dag-definitions/}: the folder as the service names it. */
    private String folderLabel() {
        Path name = directory.getFileName();
        return name == null ? "" : name + "/";
    }

    private void notifyListeners(DefinitionChanges changes) {
        for (Consumer<DefinitionChanges> listener : listeners) {
            try {
                listener.accept(changes);
            } catch (RuntimeException e) {
                log.error("A definition listener failed on reload of {} ({}); the new definitions are current anyway",
                        directory, changes, e);
            }
        }
    }
}
