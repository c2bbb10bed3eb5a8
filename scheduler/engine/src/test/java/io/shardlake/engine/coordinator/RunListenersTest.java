package io.shardlake.engine.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunListenersTest {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    private static final RunRecord RUN = RunRecord.queued("r1", "orders", "scheduled:1", TriggerKind.SCHEDULED, "v1",
            new DataInterval(AT.minusSeconds(900), AT), AT, null, List.of());

    /** Writes what it heard into a shared list, or throws. */
    private record Recording(String name, List<String> heard, boolean broken) implements RunListener {
        @Override
        public void runStarted(RunRecord run, Duration triggerDelay) {
            hear("started " + triggerDelay);
        }

        @Override
        public void runFinished(RunRecord run, RunResult result, Duration took) {
            hear("finished " + result.state());
        }

        @Override
        public void runEndedInQueue(RunRecord run, RunState state, String reason) {
            hear("ended in queue " + state + ": " + reason);
        }

        private void hear(String event) {
            if (broken) {
                throw new IllegalStateException("broken listener");
            }
            heard.add(name + " " + event);
        }
    }

    @Test
    void everyListenerHearsEveryEventInOrderEvenAfterOneThrows() {
        List<String> heard = new ArrayList<>();
        RunListener all = RunListeners.of(List.of(new Recording("metrics", heard, false), new Recording("broken", heard, true),
                new Recording("alerts", heard, false)));

        all.runStarted(RUN, Duration.ofSeconds(2));
        all.runFinished(RUN, new RunResult(RunState.FAILED, ShardCounts.NONE, "boom"), Duration.ofSeconds(9));
        all.runEndedInQueue(RUN, RunState.FAILED, "upstream late");

        assertThat(heard).containsExactly("metrics started PT2S", "alerts started PT2S", "metrics finished FAILED", "alerts finished FAILED",
                "metrics ended in queue FAILED: upstream late", "alerts ended in queue FAILED: upstream late");
    }

    @Test
    void noListenersIsTheSilentOne() {
        assertThat(RunListeners.of(List.of())).isSameAs(RunListener.NONE);
    }
}
