package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunControlTest {

    @Test
    void aStopRunsEachRegisteredHookOnceAndNotThoseClosedBefore() {
        RunControl control = RunControl.none();
        AtomicInteger cut = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        control.onStop(cut::incrementAndGet);
        control.onStop(removed::incrementAndGet).close();

        control.stop(RunState.CANCELLED, "cancelled by an operator");
        control.stop(RunState.FAILED, "timed out");

        assertThat(cut).hasValue(1);
        assertThat(removed).hasValue(0);
        assertThat(control.stopped().reason()).as("the first stop wins").isEqualTo("cancelled by an operator");
    }

    @Test
    void aHookRegisteredAfterTheStopRunsAtOnce() {
        RunControl control = RunControl.none();
        control.stop(RunState.FAILED, "timed out");
        AtomicInteger cut = new AtomicInteger();

        control.onStop(cut::incrementAndGet);

        assertThat(cut).hasValue(1);
    }

    @Test
    void aFailingHookDoesNotKeepTheOthersFromRunning() {
        RunControl control = RunControl.none();
        AtomicInteger cut = new AtomicInteger();
        control.onStop(() -> {
            throw new IllegalStateException("connection already gone");
        });
        control.onStop(cut::incrementAndGet);

        control.stop(RunState.CANCELLED, "cancelled");

        assertThat(cut).hasValue(1);
    }
}
