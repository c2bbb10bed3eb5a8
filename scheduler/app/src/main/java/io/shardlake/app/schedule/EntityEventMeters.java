package io.shardlake.app.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The counters of one queue's listener, tagged with the queue's URL (README "Entity events"). */
public record EntityEventMeters(Counter taken, Counter refused) {

    public static final String TAKEN = "shardlake.entity.events";
    public static final String REFUSED = "shardlake.entity.events.refused";

    public static EntityEventMeters register(MeterRegistry meters, String queueUrl) {
        return new EntityEventMeters(
                Counter.builder(TAKEN).description("Entity events taken from a queue")
                        .tags("queue", queueUrl, "outcome", "stored").register(meters),
                Counter.builder(REFUSED).description("Queue messages refused (left for redrive)")
                        .tags("queue", queueUrl).register(meters));
    }
}
