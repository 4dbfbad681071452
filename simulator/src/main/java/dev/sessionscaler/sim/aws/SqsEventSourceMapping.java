package dev.sessionscaler.sim.aws;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * <b>Simulated:</b> Lambda's SQS event source mapping with {@code ReportBatchItemFailures}, which has
 * no local emulator. It receives batches from the (real, ElasticMQ) queue, invokes the handler with an
 * {@link SQSEvent}, deletes the messages the handler did not report as failed, and returns the failed
 * ones to the queue. One difference from AWS, on purpose: failed messages become visible again at once
 * instead of after the visibility timeout, so a local run does not wait; the queue's redrive policy
 * still moves a message to the dead-letter queue after {@code maxReceiveCount} receives. A drain ends when the
 * queue is empty: after an empty receive that the queue's depth confirms, or, while nothing has failed, after a
 * short batch (ElasticMQ returns every visible message up to the batch size, so a short batch then means the queue
 * is empty; AWS's SQS may return short batches early, and this is for ElasticMQ only). {@code SentTimestamp} is
 * the time of delivery by the given clock, the simulation's time, since ElasticMQ stamps the machine's.
 */
public final class SqsEventSourceMapping {
    private final SqsClient sqs;
    private final EmbeddedSqs.QueuePair queue;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final int batchSize;
    private final java.time.Clock clock;

    /** What one drain did. */
    public record Drained(int invocations, Set<String> succeeded, int failedDeliveries) {
    }

    public SqsEventSourceMapping(SqsClient sqs, EmbeddedSqs.QueuePair queue,
                                 RequestHandler<SQSEvent, SQSBatchResponse> handler, int batchSize, java.time.Clock clock) {
        if (batchSize < 1 || batchSize > 10) {
            throw new IllegalArgumentException("batch size must be 1 to 10, got " + batchSize);
        }
        this.sqs = sqs;
        this.queue = queue;
        this.handler = handler;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** Delivers until the queue is empty; {@code progress} gets the number of messages done so far. */
    public Drained drain(IntConsumer progress) {
        int invocations = 0;
        int failedDeliveries = 0;
        Set<String> succeeded = new HashSet<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue.url()).maxNumberOfMessages(batchSize)
                    .visibilityTimeout(30).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            if (messages.isEmpty()) {
                if (isEmpty()) {
                    return new Drained(invocations, succeeded, failedDeliveries);
                }
                continue;  // failed messages returned to the queue, or on their way to the dead-letter queue
            }
            invocations++;
            SQSBatchResponse response = handler.handleRequest(toEvent(messages), null);
            Set<String> failed = new HashSet<>();
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            List<ChangeMessageVisibilityBatchRequestEntry> retries = new ArrayList<>();
            for (Message m : messages) {
                if (failed.contains(m.messageId())) {
                    retries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId())
                            .receiptHandle(m.receiptHandle()).visibilityTimeout(0).build());
                } else {
                    deletes.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
                    succeeded.add(m.messageId());
                }
            }
            if (!deletes.isEmpty()) {
                sqs.deleteMessageBatch(r -> r.queueUrl(queue.url()).entries(deletes));
            }
            if (!retries.isEmpty()) {
                sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queue.url()).entries(retries));
                failedDeliveries += retries.size();
            }
            progress.accept(succeeded.size());
            if (messages.size() < batchSize && failedDeliveries == 0) {
                return new Drained(invocations, succeeded, failedDeliveries);
            }
        }
    }

    private boolean isEmpty() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queue.url()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = record(m.messageId(), m.body(),
                    m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"), clock.millis(), queue.arn());
            record.setReceiptHandle(m.receiptHandle());
            record.setMd5OfBody(m.md5OfBody());
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** One record of the SQS event Lambda gives the handler: the fields and attributes the ingest handler reads. */
    static SQSEvent.SQSMessage record(String messageId, String body, String receiveCount, long sentMillis, String queueArn) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(messageId);
        record.setBody(body);
        record.setAttributes(Map.of("ApproximateReceiveCount", receiveCount, "SentTimestamp", Long.toString(sentMillis)));
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queueArn);
        record.setAwsRegion("us-east-1");
        return record;
    }
}
