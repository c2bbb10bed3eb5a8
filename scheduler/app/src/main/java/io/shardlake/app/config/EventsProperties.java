package io.shardlake.app.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where entity events come from besides {@code POST /api/pipelines/{name}/entities}
 * ({@code shardlake.events.*}): Amazon SQS queues, each read by one long-polling thread per node.
 * Credentials come from the AWS default provider chain.
 *
 * <pre>
 * shardlake.events.sqs[0].url: https://sqs.eu-west-1.amazonaws.com/123456789012/orders-events
 * shardlake.events.sqs[0].region: eu-west-1
 * </pre>
 */
@ConfigurationProperties("shardlake.events")
public record EventsProperties(List<Sqs> sqs) {

    public EventsProperties {
        sqs = sqs == null ? List.of() : List.copyOf(sqs);
    }

    /**
     * One queue.
     *
     * @param endpoint   endpoint override for an SQS-compatible server; empty for AWS
     * @param pollWait   long-poll wait per receive, at most 20s (default 20s)
     * @param visibility how long a received message is hidden from other readers (default 60s); a
     *                   message refused here comes back after it, until the queue's redrive policy
     *                   moves it to its dead-letter queue
     */
    public record Sqs(String url, String region, String endpoint, Duration pollWait, Duration visibility) {
        public Sqs {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("shardlake.events.sqs[].url: give the queue's URL");
            }
            region = region == null ? "us-east-1" : region;
            endpoint = endpoint == null ? "" : endpoint;
            pollWait = pollWait == null ? Duration.ofSeconds(20) : pollWait;
            visibility = visibility == null ? Duration.ofSeconds(60) : visibility;
            if (pollWait.isNegative() || pollWait.compareTo(Duration.ofSeconds(20)) > 0) {
                throw new IllegalArgumentException("shardlake.events.sqs[].poll-wait: SQS long polls wait 0s-20s, not " + pollWait);
            }
        }
    }
}
