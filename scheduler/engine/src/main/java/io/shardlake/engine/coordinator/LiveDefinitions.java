package io.shardlake.engine.coordinator;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.rebuild.PendingChange;
import io.shardlake.engine.rebuild.SchemaCompatibility;
import io.shardlake.engine.rebuild.WrittenVersions;
import io.shardlake.engine.run.TriggerKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which definition version runs of a pipeline use: the current one, unless its table cannot take
 * it (a removed, retyped or moved column, a new partitioning: {@link SchemaCompatibility}). Then
 * runs keep the version that last wrote the live table, and the change waits for a rebuild
 * ({@link #pending}), instead of failing every run or mixing two schemas in one table.
 *
 * <p>The version that last wrote the table is the definition of the newest successful run that
 * wrote it since its table version went live, else the one the live table version was built with.
 */
public final class LiveDefinitions {

    /** Runs that write the live table with their definition. */
    private static final Set<TriggerKind> WRITERS = EnumSet.of(TriggerKind.SCHEDULED, TriggerKind.CATCHUP, TriggerKind.FIRST_RUN,
            TriggerKind.MANUAL, TriggerKind.EVENT, TriggerKind.BACKFILL);

    private final DefinitionLookup definitions;
    private final WrittenVersions written;
    /** Problems per (written version, current version): compiling two plans per enqueue would cost more than the run's queueing. */
    private final Map<String, List<String>> compatibility = new ConcurrentHashMap<>();

    public LiveDefinitions(DefinitionLookup definitions, WrittenVersions written) {
        this.definitions = definitions;
        this.written = written;
    }

    /** The definition a run of {@code current}'s pipeline queued now uses. */
    public PipelineDefinition forRuns(PipelineDefinition current) {
        return check(current).map(p -> definitions.version(current.name(), p.runningVersion()).orElse(current)).orElse(current);
    }

    /** The current definition of the pipeline, when it waits for a rebuild. */
    public Optional<PendingChange> pending(String pipeline) {
        return definitions.current(pipeline).flatMap(this::check);
    }

    private Optional<PendingChange> check(PipelineDefinition current) {
        String written = writtenVersion(current.name());
        if (written == null || written.equals(current.version())) {
            return Optional.empty();
        }
        Optional<PipelineDefinition> writer = definitions.version(current.name(), written);
        if (writer.isEmpty()) {
            return Optional.empty(); // its text is gone: nothing to compare with, the current version runs
        }
        List<String> problems = compatibility.computeIfAbsent(current.name() + "@" + written + ">" + current.version(),
                k -> SchemaCompatibility.problems(writer.get(), current));
        return problems.isEmpty() ? Optional.empty() : Optional.of(new PendingChange(current.name(), current.version(), written, problems));
    }

    /** The definition version that last wrote the live table; null for a pipeline that never wrote one. One metadata query. */
    public String writtenVersion(String pipeline) {
        return written.lastWritten(pipeline, WRITERS).orElse(null);
    }
}
