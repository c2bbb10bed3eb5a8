package io.shardlake.engine.run;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs a pipeline right away on the calling thread, through the same queue steps the coordinator
 * takes (queue, claim with a lease, execute, fenced finish), without the coordinator's loops.
 * For tests and the benchmark.
 */
public final class RunNow implements AutoCloseable {

    private final PipelineRunner runner;
    private final RunQueue queue;
    private final RunRepository runs;
    private final Clock clock;

    public RunNow(PipelineRunner runner, RunQueue queue, RunRepository runs, Clock clock) {
        this.runner = runner;
        this.queue = queue;
        this.runs = runs;
        this.clock = clock;
    }

    /** @return the finished run, or empty when another run of the pipeline holds its lane */
    public Optional<RunRecord> run(PipelineDefinition definition, String trigger) {
        Instant now = clock.instant();
        RunRecord queued = RunRecord.queued(UUID.randomUUID().toString(), definition.name(), "test:" + UUID.randomUUID(),
                TriggerKind.valueOf(trigger), definition.version() == null ? "test" : definition.version(),
                new DataInterval(now.minusSeconds(900), now), now, null, List.of());
        queue.enqueue(queued);
        return runQueued(queued, definition);
    }

    /** Claims and runs a run already in the queue (e.g. an EVENT run the batcher queued). */
    public Optional<RunRecord> runQueued(RunRecord queued, PipelineDefinition definition) {
        Instant now = clock.instant();
        Optional<RunRecord> claimed = queue.claim(queued.id(), new RunQueue.ClaimLimits(8, 8), "test-node", now, now.plusSeconds(600));
        if (claimed.isEmpty()) {
            queue.endQueued(queued.id(), RunState.CANCELLED, "another run holds the lane", now);
            return Optional.empty();
        }
        RunResult result = runner.execute(claimed.get(), definition, RunControl.none());
        queue.finish(claimed.get(), result.state(), result.totals(), result.error(), clock.instant());
        if (result.pauseReason() != null) { // as the coordinator does
            queue.setPaused(definition.name(), true, io.shardlake.engine.coordinator.RunCoordinator.PAUSED_BY_CONTRACT, clock.instant());
        }
        return runs.run(queued.id());
    }

    @Override
    public void close() {
        runner.close();
    }
}
