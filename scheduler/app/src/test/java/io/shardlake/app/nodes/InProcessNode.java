package io.shardlake.app.nodes;

import io.shardlake.app.ShardlakeApplication;
import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.run.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.TriggerListener;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * One service node started in this JVM, as {@code java -jar} would start it (its own context, web
 * server, Quartz scheduler and loops). It records the cron fires Quartz hands it and the runs it
 * starts, so a test can tell which node did what.
 */
final class InProcessNode implements AutoCloseable {

    /** A cron fire Quartz handed this node. */
    record Fire(String pipeline, Instant scheduledAt) {
    }

    /** A run this node started (its record as claimed). */
    record Start(String runId, int attempt) {
    }

    private final String id;
    private final Queue<Fire> fires = new ConcurrentLinkedQueue<>();
    private final Queue<Start> starts = new ConcurrentLinkedQueue<>();
    private ConfigurableApplicationContext context;

    private InProcessNode(String id) {
        this.id = id;
    }

    static InProcessNode start(NodeSettings settings, String nodeId) {
        InProcessNode node = new InProcessNode(nodeId);
        node.context = new SpringApplicationBuilder(ShardlakeApplication.class)
                .initializers(c -> node.recordInto((GenericApplicationContext) c))
                .run(settings.forNode(nodeId).args());
        return node;
    }

    private void recordInto(GenericApplicationContext c) {
        // Primary: another listener bean (metrics) may exist; the coordinator takes exactly one.
        c.registerBean("startRecorder", RunListener.class, () -> new RunListener() {
            @Override
            public void runStarted(RunRecord run, Duration triggerDelay) {
                starts.add(new Start(run.id(), run.attempt()));
            }
        }, bd -> bd.setPrimary(true));
        c.registerBean("fireRecorder", SchedulerFactoryBeanCustomizer.class, () -> factory -> factory.setGlobalTriggerListeners(
                new FireRecorder()));
    }

    private final class FireRecorder implements TriggerListener {
        @Override
        public String getName() {
            return "fires of " + id;
        }

        @Override
        public void triggerFired(Trigger trigger, JobExecutionContext context) {
            fires.add(new Fire(trigger.getKey().getName(), context.getScheduledFireTime().toInstant()));
        }

        @Override
        public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
            return false;
        }

        @Override
        public void triggerMisfired(Trigger trigger) {
        }

        @Override
        public void triggerComplete(Trigger trigger, JobExecutionContext context, Trigger.CompletedExecutionInstruction instruction) {
        }
    }

    String id() {
        return id;
    }

    List<Fire> fires() {
        return List.copyOf(fires);
    }

    List<Start> starts() {
        return List.copyOf(starts);
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** A graceful stop, as on SIGTERM: running runs are handed back to the queue. */
    @Override
    public void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
