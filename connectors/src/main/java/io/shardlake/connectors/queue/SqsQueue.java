package io.shardlake.connectors.queue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * One Amazon SQS queue (or an SQS-compatible one), read with long polling through the synchronous
 * client. Every call has a timeout: a long poll waits at most {@code wait}, and the client gives up
 * on a call after {@code wait} plus {@code callTimeout}; {@link #close} cuts a poll in flight.
 */
public final class SqsQueue implements AutoCloseable {

    /** A received message: its body, the handle that deletes it, and how many times it was received. */
    public record Message(String id, String receiptHandle, String body, int receiveCount) {
    }

    private final SqsClient client;
    private final String queueUrl;
    private final Duration visibility;

    /**
     * @param endpoint   endpoint override (an SQS-compatible server), or null for AWS
     * @param visibility how long a received message stays invisible to other readers
     */
    public SqsQueue(String queueUrl, String region, URI endpoint, AwsCredentialsProvider credentials, Duration visibility,
                    Duration wait, Duration callTimeout) {
        SqsClientBuilder builder = SqsClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(wait.plus(callTimeout)).connectionTimeout(callTimeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(wait.plus(callTimeout).plus(callTimeout))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        this.client = builder.build();
        this.queueUrl = queueUrl;
        this.visibility = visibility;
    }

    public String url() {
        return queueUrl;
    }

    /** One long poll: up to {@code max} (1-10) messages, waiting up to {@code wait} (0-20 s) for the first. */
    public List<Message> receive(int max, Duration wait) {
        return client.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl).maxNumberOfMessages(max)
                        .waitTimeSeconds((int) wait.toSeconds()).visibilityTimeout((int) visibility.toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT).build())
                .messages().stream()
                .map(m -> new Message(m.messageId(), m.receiptHandle(), m.body(),
                        Integer.parseInt(m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"))))
                .toList();
    }

    /** Deletes a message once what it said is kept elsewhere. */
    public void delete(Message message) {
        client.deleteMessage(DeleteMessageRequest.builder().queueUrl(queueUrl).receiptHandle(message.receiptHandle()).build());
    }

    @Override
    public void close() {
        client.close();
    }
}
