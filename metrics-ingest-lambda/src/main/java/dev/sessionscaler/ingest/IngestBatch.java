package dev.sessionscaler.ingest;

import dev.sessionscaler.core.runtime.StructuredLog;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.port.SessionRecorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records one SQS batch, message by message, so that one bad message never fails the others
 * (invariant 6). An invalid message and one that could not be recorded are both returned as failed:
 * SQS redelivers them and, after {@code maxReceiveCount}, moves them to the dead-letter queue, so
 * nothing is dropped. The rejection reason is logged as structured JSON.
 */
public final class IngestBatch {

    /**
     * One SQS message as the handler sees it.
     *
     * @param sentAt   when SQS received it (SentTimestamp): freshness and clock skew are judged by it; null if unknown
     *                 (then it counts as received at the time of processing)
     * @param senderId the principal that sent it (SenderId), null if unknown
     * @param callerId the API caller it was sent for ({@link SenderBinding#CALLER_ATTRIBUTE}), null if none
     */
    public record Message(String messageId, String body, int receiveCount, Instant sentAt, String senderId,
                          String callerId) {
    }

    /** Why a message failed; {@code invalid} distinguishes bad input from a failure to record it. */
    public record Failure(String messageId, String reason, boolean invalid) {
    }

    public record Result(int recorded, int sessionsOpened, int sessionsClosed, List<Failure> failures) {
    }

    private final SessionEventParser parser;
    private final SessionRecorder recorder;
    private final StructuredLog log;
    private final SenderBinding binding;

    public IngestBatch(SessionEventParser parser, SessionRecorder recorder, StructuredLog log, SenderBinding binding) {
        this.parser = parser;
        this.recorder = recorder;
        this.log = log;
        this.binding = binding;
    }

    public Result process(List<Message> messages) {
        int recorded = 0, opened = 0, closed = 0;
        List<Failure> failures = new ArrayList<>();
        for (Message message : messages) {
            SessionEvent event;
            Instant receivedAt = message.sentAt() != null ? message.sentAt() : parser.now();
            try {
                event = parser.parse(message.body(), receivedAt);
                binding.check(event, message.senderId(), message.callerId());
            } catch (InvalidInputException e) {
                failures.add(new Failure(message.messageId(), e.getMessage(), true));
                log.warn("session event rejected", fields(message, "reason", e.getMessage(), "field", e.path()));
                continue;
            } catch (RuntimeException e) {
                // a parser failure this code does not expect is still this message's problem only (invariant 6)
                failures.add(new Failure(message.messageId(), "could not be read: " + e, true));
                log.warn("session event rejected", fields(message, "reason", "could not be read: " + e, "field", ""));
                continue;
            }
            try {
                SessionRecorder.Recorded result = recorder.record(event, receivedAt);
                recorded++;
                opened += result.sessionsOpened();
                closed += result.sessionsClosed();
            } catch (RuntimeException e) {
                failures.add(new Failure(message.messageId(), "could not record: " + e, false));
                log.error("session event not recorded; SQS will redeliver it", fields(message, "reason", e.toString(),
                        "type", event.type(), "taskArn", event.taskArn()));
            }
        }
        if (!messages.isEmpty()) {
            log.info("batch recorded", Map.of("messages", messages.size(), "recorded", recorded,
                    "failed", failures.size(), "sessionsOpened", opened, "sessionsClosed", closed));
        }
        return new Result(recorded, opened, closed, List.copyOf(failures));
    }

    private static Map<String, Object> fields(Message message, String... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", message.messageId());
        fields.put("receiveCount", message.receiveCount());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }
}
