package io.shardlake.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.queue.SqsQueue;
import io.shardlake.connectors.source.Shard;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Entity events from a real SQS-compatible server (ElasticMQ, in this JVM): raw and SNS-wrapped
 * messages are stored and deleted; a message that can never be taken stays on the queue for its
 * redrive policy, received again after its visibility timeout.
 */
class QueueEventReaderIntegrationTest {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"));
    private static final PipelineDefinition ORDERS = new DefinitionParser(Set.of("shop")).parse("orders.yaml", """
            name: orders
            schedule: "*/15 * * * *"
            source:
              connection: shop
              table: orders
              events: {coalesce: 1s}
            transform:
              columns:
                - {name: order_id, from: id, type: bigint}
                - {name: updated_at, type: timestamp}
            """);

    private static SQSRestServer server;
    private static URI endpoint;

    private SqsClient admin;
    private String queueUrl;
    private JdbcEntityEvents store;

    @BeforeAll
    static void startServer() {
        server = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
        endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
    }

    @AfterAll
    static void stopServer() {
        server.stopAndWait();
    }

    @BeforeEach
    void queue() {
        admin = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint).credentialsProvider(CREDENTIALS).build();
        queueUrl = admin.createQueue(b -> b.queueName("events-" + UUID.randomUUID())).queueUrl();
        store = new JdbcEntityEvents(MetadataDatabases.h2("queue-" + UUID.randomUUID()));
    }

    @Test
    void rawAndSnsWrappedBatchesAreStoredAndDeletedAndAMessageNeverTakenStaysForTheRedrive() throws Exception {
        send("{\"pipeline\": \"orders\", \"events\": [{\"shard\": \"shard01\", \"key\": [1]}, {\"shard\": \"shard01\", \"key\": [2]}]}");
        send("{\"Type\": \"Notification\", \"MessageId\": \"m\", \"Message\": "
                + "\"{\\\"pipeline\\\": \\\"orders\\\", \\\"events\\\": [{\\\"shard\\\": \\\"shard01\\\", \\\"key\\\": [3], \\\"op\\\": \\\"delete\\\"}]}\"}");
        send("{\"pipeline\": \"no_such_pipeline\", \"events\": [{\"shard\": \"shard01\", \"key\": [4]}]}");

        try (SqsQueue queue = new SqsQueue(queueUrl, "us-east-1", endpoint, CREDENTIALS, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5))) {
            QueueEventReader reader = new QueueEventReader(intake(), queue, Duration.ofSeconds(1));
            int events = 0;
            int refused = 0;
            for (int i = 0; i < 5 && events < 3; i++) { // a long poll may return part of the queue
                QueueEventReader.Polled polled = reader.poll();
                events += polled.events();
                refused += polled.refused();
            }

            assertThat(events).isEqualTo(3);
            assertThat(refused).isPositive();
            assertThat(store.waiting()).singleElement().satisfies(w -> assertThat(w.events()).isEqualTo(3));
            Thread.sleep(1_100); // the refused message's visibility timeout
            List<SqsQueue.Message> left = queue.receive(10, Duration.ofSeconds(1));
            assertThat(left).as("only the refused message is left").singleElement().satisfies(m -> {
                assertThat(m.body()).contains("no_such_pipeline");
                assertThat(m.receiveCount()).isGreaterThanOrEqualTo(2);
            });
        }
    }

    private void send(String body) {
        admin.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    private EntityEventIntake intake() {
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop",
                List.of(new Shard("shard01", "jdbc:mysql://127.0.0.1:9/none")), ZoneOffset.UTC, "u", "p", 1, null)));
        return new EntityEventIntake(DefinitionLookup.of(ORDERS), sources, store, Clock.systemUTC());
    }
}
