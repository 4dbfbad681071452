package dev.sessionscaler.ingest;

import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ingest Lambda: an SQS batch with {@code ReportBatchItemFailures}. Failed messages (invalid or
 * not recorded) are returned as batch item failures; the rest of the batch is done.
 */
public final class SessionIngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final IngestBatch batch;

    /** Lambda's constructor: configuration from the environment, SDK client built once per container. */
    public SessionIngestHandler() {
        this(fromEnvironment());
    }

    /** For tests and for embedding the real handler elsewhere (the local simulator). */
    public SessionIngestHandler(IngestBatch batch) {
        this.batch = batch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<IngestBatch.Message> messages = event.getRecords() == null ? List.of() : event.getRecords().stream()
                .map(SessionIngestHandler::message)
                .toList();
        IngestBatch.Result result = batch.process(messages);
        return new SQSBatchResponse(result.failures().stream()
                .map(f -> new SQSBatchResponse.BatchItemFailure(f.messageId()))
                .toList());
    }

    private static IngestBatch.Message message(SQSEvent.SQSMessage m) {
        Map<String, String> attributes = m.getAttributes() == null ? Map.of() : m.getAttributes();
        SQSEvent.MessageAttribute caller = m.getMessageAttributes() == null ? null
                : m.getMessageAttributes().get(SenderBinding.CALLER_ATTRIBUTE);
        return new IngestBatch.Message(m.getMessageId(), m.getBody(), (int) number(attributes.get("ApproximateReceiveCount"), 0),
                sentAt(attributes.get("SentTimestamp")), attributes.get("SenderId"), caller == null ? null : caller.getStringValue());
    }

    /** When SQS received the message; null without it (never from SQS itself): it then counts as received now. */
    private static Instant sentAt(String epochMillis) {
        long millis = number(epochMillis, -1);
        return millis < 0 ? null : Instant.ofEpochMilli(millis);
    }

    private static long number(String text, long fallback) {
        try {
            return text == null ? fallback : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static IngestBatch fromEnvironment() {
        IngestConfig config = IngestConfig.fromEnvironment(System.getenv());
        Clock clock = Clock.systemUTC();
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build())
                .build();
        DynamoDbSessionStore store = new DynamoDbSessionStore(dynamo, config.table(), clock, config.limits(), Backoff.standard());
        return new IngestBatch(new SessionEventParser(config.limits(), config.managedServices(), clock), store,
                new StructuredLog(System.out, clock), config.senderBinding());
    }
}
