package dev.sessionscaler.reporter;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends straight to the session-events queue with SendMessageBatch (no API Gateway in between), using the task role's
 * credentials: the queue then sees the task as the sender, which is how an event is bound to its task.
 */
public final class SqsEventSender implements EventSender {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsEventSender(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** A client with the URL-connection HTTP client and the default credentials and region chain. */
    public static SqsEventSender forQueue(String queueUrl) {
        return new SqsEventSender(configure(SqsClient.builder()).build(), queueUrl);
    }

    /** The SDK's own retries are off: the reporter retries with its own backoff, and never blocks the application. */
    static SqsClientBuilder configure(SqsClientBuilder builder) {
        return builder.httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()));
    }

    /** For a queue not in AWS (ElasticMQ in tests and local runs). */
    public static SqsEventSender forEndpoint(SqsClientBuilder builder, URI endpoint, String queueUrl) {
        return new SqsEventSender(configure(builder).endpointOverride(endpoint).build(), queueUrl);
    }

    @Override
    public List<Outcome> send(List<String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i)).build());
        }
        SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        List<Outcome> outcomes = new ArrayList<>(Collections.nCopies(bodies.size(), Outcome.SENT));
        for (BatchResultErrorEntry failed : response.failed()) {
            outcomes.set(Integer.parseInt(failed.id()), Boolean.TRUE.equals(failed.senderFault()) ? Outcome.REJECTED : Outcome.RETRY);
        }
        return outcomes;
    }

    @Override
    public void close() {
        sqs.close();
    }
}
