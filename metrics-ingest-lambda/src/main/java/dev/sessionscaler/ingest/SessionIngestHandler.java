package dev.sessionscaler.ingest;

import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.List;
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
                .map(m -> new IngestBatch.Message(m.getMessageId(), m.getBody(), receiveCount(m)))
                .toList();
        IngestBatch.Result result = batch.process(messages);
        return new SQSBatchResponse(result.failures().stream()
                .map(f -> new SQSBatchResponse.BatchItemFailure(f.messageId()))
                .toList());
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 0 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 0;
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
                new StructuredLog(System.out, clock));
    }
}
