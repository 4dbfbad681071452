package dev.sessionscaler.sim.aws;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --fast} stand-in for SQS and its event source mapping: message bodies go straight to the ingest handler in
 * batches, as the same {@link SQSEvent} the mapping builds, without a queue. There is no redelivery: in a simulation
 * every event is valid, so a message the handler reports as failed is a defect and stops the run (the full-fidelity
 * path would have sent it to the dead-letter queue, which stops the run too).
 */
public final class DirectDelivery {
    private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:session-events";
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final int batchSize;
    private final Clock clock;
    private long messages;

    public DirectDelivery(RequestHandler<SQSEvent, SQSBatchResponse> handler, int batchSize, Clock clock) {
        this.handler = handler;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** Delivers {@code bodies} in order; returns the handler invocations it took. */
    public int deliver(List<String> bodies) {
        int invocations = 0;
        for (int from = 0; from < bodies.size(); from += batchSize) {
            SQSEvent event = event(bodies.subList(from, Math.min(bodies.size(), from + batchSize)));
            SQSBatchResponse response = handler.handleRequest(event, null);
            invocations++;
            if (response != null && response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException(response.getBatchItemFailures().size() + " simulated session events were refused"
                        + " by the ingest handler (the first: " + response.getBatchItemFailures().get(0).getItemIdentifier() + ")");
            }
        }
        return invocations;
    }

    private SQSEvent event(List<String> bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(bodies.size());
        long sent = clock.millis();
        for (String body : bodies) {
            records.add(SqsEventSourceMapping.record("m-" + messages++, body, "1", sent, QUEUE_ARN));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
