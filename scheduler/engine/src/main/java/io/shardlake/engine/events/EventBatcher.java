package io.shardlake.engine.events;

import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.definition.EventsSpec;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.EntityEventStore;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns waiting entity events into runs: each pipeline's events are gathered for its
 * {@code source.events.coalesce} after the oldest arrived, or until {@code max_keys} wait, then
 * claimed by one run of trigger EVENT queued in the same transaction. Before that, events of runs
 * that ended are settled: deleted after a success, handed back otherwise. Called every few hundred
 * milliseconds by each node; two nodes cannot claim one event twice (the claim is one UPDATE).
 */
public final class EventBatcher {

    private static final Logger log = LoggerFactory.getLogger(EventBatcher.class);

    private final EntityEventStore store;
    private final RunQueue queue;
    private final DefinitionLookup definitions;
    private final java.util.function.UnaryOperator<PipelineDefinition> forRuns;
    private final Clock clock;

    public EventBatcher(EntityEventStore store, RunQueue queue, DefinitionLookup definitions, Clock clock) {
        this(store, queue, definitions, java.util.function.UnaryOperator.identity(), clock);
    }

    /**
     * @param forRuns the definition a run of a pipeline uses, given its current one (an older version while the current one
     *                waits for a rebuild); asked only when a batch is queued, not on every tick
     */
    public EventBatcher(EntityEventStore store, RunQueue queue, DefinitionLookup definitions,
                        java.util.function.UnaryOperator<PipelineDefinition> forRuns, Clock clock) {
        this.forRuns = forRuns;
        this.store = store;
        this.queue = queue;
        this.definitions = definitions;
        this.clock = clock;
    }

    /** @return the EVENT runs queued */
    public List<RunRecord> tick() {
        int handedBack = store.settle();
        if (handedBack > 0) {
            log.warn("{} entity event(s) of runs that did not succeed wait for the next batch", handedBack);
        }
        Instant now = clock.instant();
        List<RunRecord> queued = new ArrayList<>();
        for (EntityEventStore.Waiting waiting : store.waiting()) {
            Optional<PipelineDefinition> definition = definitions.current(waiting.pipeline());
            EventsSpec spec = definition.map(d -> d.source().eventBatching()).orElse(null);
            if (spec == null) {
                continue; // the pipeline was removed or stopped taking events: they wait, counted as waiting
            }
            if (waiting.events() < spec.maxKeys() && waiting.oldest().plus(spec.coalesce()).isAfter(now)) {
                continue;
            }
            String id = UUID.randomUUID().toString();
            PipelineDefinition d = forRuns.apply(definition.get());
            Instant end = now.isAfter(waiting.oldest()) ? now : waiting.oldest().plusMillis(1);
            RunRecord run = store.claimAndQueue(d.name(), id, shards -> RunRecord.queued(id, d.name(), "event:" + id, TriggerKind.EVENT,
                    d.version(), new DataInterval(waiting.oldest(), end), now, null, shards), queue);
            if (run != null) {
                queued.add(run);
            }
        }
        return queued;
    }
}
