package io.shardlake.engine.rebuild;

import io.shardlake.engine.run.TriggerKind;
import java.util.Optional;
import java.util.Set;

/** Which definition version last wrote a pipeline's live table (the metadata database answers in one query). */
@FunctionalInterface
public interface WrittenVersions {

    /**
     * The definition version of the newest successful run of one of {@code writers} that started
     * after the live table version went live (any, for a table never rebuilt), else the definition
     * the live version was built with; empty for a pipeline that never wrote its table.
     */
    Optional<String> lastWritten(String pipeline, Set<TriggerKind> writers);
}
