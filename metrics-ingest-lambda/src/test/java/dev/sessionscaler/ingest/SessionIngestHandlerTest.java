package dev.sessionscaler.ingest;

import dev.sessionscaler.core.runtime.StructuredLog;
import static dev.sessionscaler.ingest.Events.SERVICE;
import static dev.sessionscaler.ingest.Events.arn;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.port.SessionRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;

class SessionIngestHandlerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final InMemorySessionStore store = new InMemorySessionStore();

    private SessionIngestHandler handler(SessionRecorder recorder) {
        return new SessionIngestHandler(new IngestBatch(new SessionEventParser(EventLimits.DEFAULTS, Set.of(), CLOCK),
                recorder, new StructuredLog(new PrintStream(logs, true, StandardCharsets.UTF_8), CLOCK), SenderBinding.OFF));
    }

    private List<JsonNode> logLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    @ParameterizedTest
    @Event(value = "events/sqs-mixed-batch.json", type = SQSEvent.class)
    void invalidMessagesFailAloneWhileTheRestOfTheBatchIsRecorded(SQSEvent event) throws IOException {
        SQSBatchResponse response = handler(store).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-bad-type", "m-not-json");
        assertThat(store.taskSessions(SERVICE).get(arn("0a1b")).activeSessions()).isEqualTo(2);
        assertThat(store.taskSessions(SERVICE).get(arn("1c2d")).activeSessions()).isEqualTo(2);

        List<JsonNode> rejected = logLines().stream().filter(l -> l.get("message").asText().equals("session event rejected")).toList();
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0).get("level").asText()).isEqualTo("WARN");
        assertThat(rejected.get(0).get("messageId").asText()).isEqualTo("m-bad-type");
        assertThat(rejected.get(0).get("receiveCount").asInt()).isEqualTo(3);
        assertThat(rejected.get(0).get("reason").asText()).startsWith("type: unknown event type \"SESSION_PAUSED\"");
        assertThat(rejected.get(1).get("reason").asText()).startsWith("malformed JSON");
    }

    @ParameterizedTest
    @Event(value = "events/sqs-mixed-batch.json", type = SQSEvent.class)
    void aStoreFailureFailsOnlyThatMessageSoSqsRedeliversIt(SQSEvent event) throws IOException {
        SessionRecorder flaky = (e, receivedAt) -> {
            if (e instanceof SessionEvent.TaskHeartbeat) {
                throw new IllegalStateException("DynamoDB unavailable");
            }
            return store.record(e, receivedAt);
        };

        SQSBatchResponse response = handler(flaky).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-bad-type", "m-not-json", "m-heartbeat");
        assertThat(store.taskSessions(SERVICE).get(arn("0a1b")).activeSessions()).isEqualTo(2);
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.get("level").asText()).isEqualTo("ERROR");
            assertThat(line.get("reason").asText()).contains("DynamoDB unavailable");
        });
    }

    @ParameterizedTest
    @Event(value = "events/sqs-mixed-batch.json", type = SQSEvent.class)
    void redeliveringTheWholeBatchChangesNothing(SQSEvent event) {
        SessionIngestHandler handler = handler(store);
        handler.handleRequest(event, null);
        var first = store.activeSessionIds(SERVICE);
        handler.handleRequest(event, null);
        assertThat(store.activeSessionIds(SERVICE)).isEqualTo(first);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-empty-batch.json", type = SQSEvent.class)
    void anEmptyBatchSucceeds(SQSEvent event) {
        assertThat(handler(store).handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(logs.size()).isZero();
    }

    @org.junit.jupiter.api.Test
    void anEventFromAnotherTasksRoleSessionFailsAloneAndSaysWhy() throws IOException {
        var bound = new SessionIngestHandler(new IngestBatch(new SessionEventParser(EventLimits.DEFAULTS, Set.of(), CLOCK),
                store, new StructuredLog(new PrintStream(logs, true, StandardCharsets.UTF_8), CLOCK),
                new SenderBinding(true, "AROAAPI")));
        String body = "{\"type\":\"TASK_HEARTBEAT\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"" + arn("0a1b")
                + "\",\"activeSessionIds\":[],\"timestamp\":\"2026-01-01T09:59:50Z\"}";
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("own", body, "AROATASK:0a1b"), message("forged", body, "AROATASK:ffff")));

        SQSBatchResponse response = bound.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("forged");
        assertThat(logLines()).anySatisfy(line -> assertThat(line.get("reason").asText())
                .startsWith("taskArn: names task 0a1b, but the event was sent by AROATASK:ffff"));
        assertThat(store.taskSessions(SERVICE).get(arn("0a1b")).lastHeartbeat())
                .as("freshness is when SQS received it").isEqualTo(Instant.parse("2026-01-01T09:59:55Z"));
        assertThat(store.taskSessions(SERVICE).get(arn("0a1b")).lastHeartbeatSentAt())
                .as("what it lists is as of its own timestamp").isEqualTo(Instant.parse("2026-01-01T09:59:50Z"));
    }

    private static SQSEvent.SQSMessage message(String id, String body, String senderId) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setAttributes(java.util.Map.of("ApproximateReceiveCount", "1", "SenderId", senderId,
                "SentTimestamp", Long.toString(Instant.parse("2026-01-01T09:59:55Z").toEpochMilli())));
        return message;
    }
}
