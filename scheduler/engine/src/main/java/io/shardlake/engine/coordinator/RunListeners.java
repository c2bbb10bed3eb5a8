package io.shardlake.engine.coordinator;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells several listeners, in order. One that throws despite the contract is logged and the others
 * still hear the event: a broken metric must never stop an alert, nor a run's bookkeeping.
 */
public final class RunListeners implements RunListener {

    private static final Logger log = LoggerFactory.getLogger(RunListeners.class);

    private final List<RunListener> listeners;

    private RunListeners(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** {@link RunListener#NONE} for none, else all of them in order. */
    public static RunListener of(List<? extends RunListener> listeners) {
        return listeners.isEmpty() ? NONE : new RunListeners(List.copyOf(listeners));
    }

    @Override
    public void runStarted(RunRecord run, Duration triggerDelay) {
        tellEach(run, l -> l.runStarted(run, triggerDelay));
    }

    @Override
    public void runFinished(RunRecord run, RunResult result, Duration took) {
        tellEach(run, l -> l.runFinished(run, result, took));
    }

    @Override
    public void runEndedInQueue(RunRecord run, RunState state, String reason) {
        tellEach(run, l -> l.runEndedInQueue(run, state, reason));
    }

    private void tellEach(RunRecord run, Consumer<RunListener> event) {
        for (RunListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.error("pipeline={} run={}: run listener {} failed", run.pipeline(), run.id(), l.getClass().getSimpleName(), e);
            }
        }
    }
}
