package io.shardlake.app.benchmark;

import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.TriggerKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The service's {@link RunListener} in the benchmark: notes every run start with its trigger and,
 * for scheduled runs, the fire time (the interval's end, which is Quartz's scheduled fire time) and
 * the delay from it to the moment the run was claimed and handed to its thread.
 */
final class RunStarts implements RunListener {

    /**
     * @param delay        wall clock at {@code runStarted} minus the fire time (includes the claim)
     * @param serviceDelay the trigger delay the coordinator reports (taken just before its claim); null if none
     */
    record Start(String pipeline, TriggerKind trigger, Instant queuedAt, Instant fireTime, Instant startedAt, Duration delay,
                 Duration serviceDelay) {
    }

    private final ConcurrentLinkedQueue<Start> starts = new ConcurrentLinkedQueue<>();

    @Override
    public void runStarted(RunRecord run, Duration triggerDelay) {
        Instant now = Instant.now();
        Instant fire = run.interval() == null ? null : run.interval().end();
        starts.add(new Start(run.pipeline(), run.trigger(), run.queuedAt(), fire, now,
                fire == null ? null : Duration.between(fire, now), triggerDelay));
    }

    List<Start> all() {
        return List.copyOf(starts);
    }
}
