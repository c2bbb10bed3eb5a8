package io.shardlake.engine.compaction;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.TriggerKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues a compaction run for each pipeline whose incremental runs wrote at least
 * {@code min-files} data files since its last compaction was queued. Called every
 * {@code interval} by each node; the run key (one per pipeline and interval) keeps two nodes from
 * queueing two, and a compaction queued resets the count, so none piles up behind a busy lane.
 */
public final class CompactionScheduler {

    private static final Logger log = LoggerFactory.getLogger(CompactionScheduler.class);

    private final CompactionLedger ledger;
    private final RunQueue queue;
    private final Supplier<Collection<PipelineDefinition>> pipelines;
    private final CompactionSettings settings;
    private final Duration interval;
    private final Clock clock;

    public CompactionScheduler(CompactionLedger ledger, RunQueue queue, Supplier<Collection<PipelineDefinition>> pipelines,
                               CompactionSettings settings, Duration interval, Clock clock) {
        this.ledger = ledger;
        this.queue = queue;
        this.pipelines = pipelines;
        this.settings = settings;
        this.interval = interval;
        this.clock = clock;
    }

    /** @return the compaction runs queued */
    public List<RunRecord> tick() {
        Instant now = clock.instant();
        List<RunRecord> queued = new ArrayList<>();
        for (PipelineDefinition d : pipelines.get()) {
            int files = ledger.filesSinceLastCompaction(d.name(), now.minus(settings.horizon()));
            if (files < settings.minFiles()) {
                continue;
            }
            String id = UUID.randomUUID().toString();
            RunRecord run = RunRecord.queued(id, d.name(), "compaction:" + now.toEpochMilli() / interval.toMillis(), TriggerKind.COMPACTION,
                    d.version(), null, now, null, List.of());
            RunQueue.Enqueued enqueued = queue.enqueue(run);
            if (enqueued.created()) {
                log.info("pipeline={} run={} compaction queued: {} files written since the last one", d.name(), id, files);
                queued.add(enqueued.run());
            }
        }
        return queued;
    }
}
