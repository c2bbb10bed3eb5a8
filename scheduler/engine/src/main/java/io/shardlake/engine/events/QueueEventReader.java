package io.shardlake.engine.events;

import io.shardlake.connectors.queue.SqsQueue;
import io.shardlake.engine.coordinator.OperationRefusedException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entity events from a queue: each message is one batch for one pipeline,
 * {@code {"pipeline": "orders", "events": [...]}} as the HTTP endpoint takes them, raw or wrapped in
 * an SNS notification ({@code {"Type": "Notification", "Message": "<that JSON>"}}). A message is
 * deleted once its events are stored in the metadata database, durable from there like events
 * sent over HTTP; a kill before the delete brings the message back, and its events are then loaded
 * once all the same (a version already written is skipped). A message that can never be taken (an
 * unknown pipeline, a malformed body) is left on the queue, counted and logged: the queue's redrive
 * policy moves it to its dead-letter queue after its maximum receives, never retried forever.
 */
public final class QueueEventReader {

    private static final Logger log = LoggerFactory.getLogger(QueueEventReader.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What one poll did. */
    public record Polled(int messages, int events, int refused) {
    }

    private final EntityEventIntake intake;
    private final SqsQueue queue;
    private final Duration wait;

    /** @param wait how long a poll waits for a first message (long polling, at most 20 s) */
    public QueueEventReader(EntityEventIntake intake, SqsQueue queue, Duration wait) {
        this.intake = intake;
        this.queue = queue;
        this.wait = wait;
    }

    public Polled poll() {
        List<SqsQueue.Message> messages = queue.receive(10, wait);
        int events = 0;
        int refused = 0;
        for (SqsQueue.Message message : messages) {
            try {
                JsonNode body = unwrap(JSON.readTree(message.body()));
                JsonNode pipeline = body.get("pipeline");
                if (pipeline == null || !pipeline.isString()) {
                    throw new InvalidEventsException(List.of(new io.shardlake.engine.backfill.FieldError("pipeline",
                            "name the pipeline the events are for, e.g. {\"pipeline\": \"orders\", \"events\": [...]}")));
                }
                events += intake.accept(pipeline.asString(), body);
                queue.delete(message);
            } catch (JacksonException | InvalidEventsException | OperationRefusedException e) {
                refused++;
                log.warn("queue {} message {} (received {} times) refused, left for the queue's redrive policy: {}", queue.url(),
                        message.id(), message.receiveCount(), e.getMessage());
            }
        }
        return new Polled(messages.size(), events, refused);
    }

    /** The batch inside an SNS notification, or the body itself. */
    private static JsonNode unwrap(JsonNode body) {
        JsonNode type = body.get("Type");
        JsonNode message = body.get("Message");
        if (type != null && "Notification".equals(type.asString()) && message != null && message.isString()) {
            return JSON.readTree(message.asString());
        }
        return body;
    }
}
