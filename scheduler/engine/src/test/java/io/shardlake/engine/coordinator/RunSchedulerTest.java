package io.shardlake.engine.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cron fires, manual triggers and catch-up as queued runs, on a fixed clock and a real (H2) queue. */
class RunSchedulerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:07:00Z");

    private RunQueue queue;
    private RunScheduler scheduler;
    private final List<String> versionsKept = new ArrayList<>();
    private final PipelineDefinition orders = OrdersPipeline.definition("shop", 0.01);

    @BeforeEach
    void setUp() {
        queue = new JdbcRunQueue(MetadataDatabases.h2("scheduler" + UUID.randomUUID()));
        scheduler = new RunScheduler(queue, Clock.fixed(NOW, ZoneOffset.UTC), (d, at) -> versionsKept.add(d.version()));
    }

    @Test
    void aFireQueuesTheIntervalEndingAtItOnceHoweverOftenItFires() {
        RunQueue.Enqueued first = scheduler.enqueueScheduled(orders, Instant.parse("2026-12-01T10:00:00Z")).orElseThrow();
        RunQueue.Enqueued again = scheduler.enqueueScheduled(orders, Instant.parse("2026-12-01T10:00:00Z")).orElseThrow();

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(first.run().interval())
                .isEqualTo(new DataInterval(Instant.parse("2026-12-01T09:45:00Z"), Instant.parse("2026-12-01T10:00:00Z")));
        assertThat(first.run().definitionVersion()).isEqualTo(orders.version());
        assertThat(versionsKept).contains(orders.version());
    }

    @Test
    void aPausedPipelineQueuesNothingOnAFire() {
        queue.setPaused(orders.name(), true, "alice", NOW);

        assertThat(scheduler.enqueueScheduled(orders, Instant.parse("2026-12-01T10:00:00Z"))).isEmpty();
        assertThat(queue.queued(10)).isEmpty();
    }

    @Test
    void manualRunsEachGetTheirOwnRunForTheTimeSinceTheLastFire() {
        RunRecord a = scheduler.enqueueManual(orders).run();
        RunRecord b = scheduler.enqueueManual(orders).run();

        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.trigger()).isEqualTo(TriggerKind.MANUAL);
        assertThat(a.interval()).isEqualTo(new DataInterval(Instant.parse("2026-12-01T10:00:00Z"), NOW));
    }

    @Test
    void catchUpQueuesAFirstRunThenOnlyWhatWasMissedAndIsIdempotent() {
        List<RunQueue.Enqueued> first = scheduler.catchUp(orders);
        assertThat(first).singleElement().satisfies(e -> assertThat(e.run().trigger()).isEqualTo(TriggerKind.FIRST_RUN));

        assertThat(scheduler.catchUp(orders)).as("nothing missed since").isEmpty();
        assertThat(scheduler.enqueueManual(orders).created()).isTrue();
        assertThat(scheduler.catchUp(orders)).as("manual runs are not scheduled intervals").isEmpty();
    }

    @Test
    void catchingUpManyPipelinesQueuesEachOnesRunsAndCarriesOnPastOneThatFails() {
        PipelineDefinition refunds = renamed(orders, "refunds");
        PipelineDefinition broken = renamed(orders, "broken");
        RunScheduler failingOnBroken = new RunScheduler(queue, Clock.fixed(NOW, ZoneOffset.UTC), (d, at) -> {
            if (d.name().equals("broken")) {
                throw new IllegalStateException("cannot store the version");
            }
        });
        List<String> failed = new ArrayList<>();

        failingOnBroken.catchUpAll(List.of(orders, broken, refunds), (d, e) -> failed.add(d.name() + ": " + e.getMessage()));

        assertThat(failed).containsExactly("broken: cannot store the version");
        assertThat(queue.queued(10)).extracting(RunRecord::pipeline).containsExactlyInAnyOrder("orders", "refunds");
        assertThat(queue.queued(10)).allSatisfy(r -> assertThat(r.trigger()).isEqualTo(TriggerKind.FIRST_RUN));
        failingOnBroken.catchUpAll(List.of(orders, refunds), (d, e) -> failed.add(d.name()));
        assertThat(queue.queued(10)).as("nothing missed since").hasSize(2);
    }

    private static PipelineDefinition renamed(PipelineDefinition d, String name) {
        return new PipelineDefinition(name, d.description(), d.schedule(), d.source(), d.transform(), d.partition(), d.target(),
                d.quarantine(), d.runs(), d.version());
    }
}
