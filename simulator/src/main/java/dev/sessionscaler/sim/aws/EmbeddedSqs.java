package dev.sessionscaler.sim.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Real SQS semantics from ElasticMQ, embedded in this JVM and listening on a free loopback port
 * only. Queues are created with a dead-letter queue and a redrive policy, as the CDK app does.
 */
public final class EmbeddedSqs implements AutoCloseable {
    private final SQSRestServer server;
    private final SqsClient client;

    /** A queue and its dead-letter queue. */
    public record QueuePair(String url, String arn, String deadLetterUrl) {
    }

    public EmbeddedSqs() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        client = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                // ElasticMQ does not check credentials; these only satisfy the SDK's signer.
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                // Apache rather than URLConnection: on loopback it answers in about 2 ms a call against 3.5 ms,
                // and the simulator makes thousands of calls (measured, see BENCHMARKS.md).
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    public SqsClient client() {
        return client;
    }

    /** Creates {@code name} and {@code name-dlq}; a message received more than {@code maxReceiveCount} times moves to the DLQ. */
    public QueuePair createQueueWithDeadLetterQueue(String name, int maxReceiveCount) {
        String dlqUrl = client.createQueue(r -> r.queueName(name + "-dlq")).queueUrl();
        String dlqArn = arn(dlqUrl);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        String url = client.createQueue(r -> r.queueName(name)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        return new QueuePair(url, arn(url), dlqUrl);
    }

    /** A {@code SendMessageBatch} call takes at most 10 messages of at most 256 KiB together. */
    static final int BATCH_ENTRIES = 10;
    static final int BATCH_BYTES = 256 * 1024;

    /**
     * Sends every entry in {@code SendMessageBatch} calls within the API's limits (10 messages, 256 KiB together), and
     * returns the entries SQS refused, for the caller to report; nothing is dropped silently. A call SQS refuses as a
     * whole (a message over its size limit) is retried message by message, so only the bad one is refused.
     */
    public List<BatchResultErrorEntry> sendAll(String queueUrl, List<SendMessageBatchRequestEntry> entries,
                                               Consumer<SendMessageBatchResultEntry> sent) {
        List<BatchResultErrorEntry> refused = new ArrayList<>();
        List<SendMessageBatchRequestEntry> chunk = new ArrayList<>();
        int bytes = 0;
        for (SendMessageBatchRequestEntry entry : entries) {
            int size = entry.messageBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (!chunk.isEmpty() && (chunk.size() == BATCH_ENTRIES || bytes + size > BATCH_BYTES)) {
                send(queueUrl, chunk, sent, refused);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(entry);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            send(queueUrl, chunk, sent, refused);
        }
        return refused;
    }

    private void send(String queueUrl, List<SendMessageBatchRequestEntry> chunk, Consumer<SendMessageBatchResultEntry> sent,
                      List<BatchResultErrorEntry> refused) {
        try {
            SendMessageBatchResponse response = client.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(chunk));
            response.successful().forEach(sent);
            refused.addAll(response.failed());
        } catch (SqsException e) {
            if (chunk.size() == 1) {
                refused.add(BatchResultErrorEntry.builder().id(chunk.get(0).id()).senderFault(true)
                        .code(e.awsErrorDetails() == null ? "Refused" : e.awsErrorDetails().errorCode())
                        .message(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()).build());
                return;
            }
            chunk.forEach(entry -> send(queueUrl, List.of(entry), sent, refused));
        }
    }

    /** Visible plus in-flight messages. */
    public int depth(String queueUrl) {
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private String arn(String queueUrl) {
        return client.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
