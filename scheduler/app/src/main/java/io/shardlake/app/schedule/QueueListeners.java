package io.shardlake.app.schedule;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardlake.app.config.EventsProperties;
import io.shardlake.connectors.queue.SqsQueue;
import io.shardlake.engine.events.EntityEventIntake;
import io.shardlake.engine.events.QueueEventReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * One long-polling thread per configured SQS queue, handing each message's entity events to the
 * same intake as the HTTP endpoint. Stopping closes the clients, which cuts a poll in flight; a
 * failed poll (the queue unreachable) is logged and retried after a pause.
 */
public final class QueueListeners implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueListeners.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(5);

    private final EventsProperties properties;
    private final EntityEventIntake intake;
    private final MeterRegistry meters;
    private final List<SqsQueue> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public QueueListeners(EventsProperties properties, EntityEventIntake intake, MeterRegistry meters) {
        this.properties = properties;
        this.intake = intake;
        this.meters = meters;
    }

    @Override
    public void start() {
        running = true;
        for (EventsProperties.Sqs q : properties.sqs()) {
            SqsQueue queue = new SqsQueue(q.url(), q.region(), q.endpoint().isBlank() ? null : URI.create(q.endpoint()),
                    DefaultCredentialsProvider.builder().build(), q.visibility(), q.pollWait(), CALL_TIMEOUT);
            queues.add(queue);
            QueueEventReader reader = new QueueEventReader(intake, queue, q.pollWait());
            EntityEventMeters counters = EntityEventMeters.register(meters, q.url());
            Thread t = new Thread(() -> listen(reader, queue, counters), "sqs-events");
            t.setDaemon(true);
            threads.add(t);
            t.start();
            log.info("reading entity events from {}", q.url());
        }
    }

    private void listen(QueueEventReader reader, SqsQueue queue, EntityEventMeters counters) {
        while (running) {
            try {
                QueueEventReader.Polled polled = reader.poll();
                counters.taken().increment(polled.events());
                counters.refused().increment(polled.refused());
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("reading {} failed, again in {}: {}", queue.url(), PAUSE_AFTER_FAILURE, e.toString());
                try {
                    Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        queues.forEach(SqsQueue::close);
        threads.forEach(Thread::interrupt);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
