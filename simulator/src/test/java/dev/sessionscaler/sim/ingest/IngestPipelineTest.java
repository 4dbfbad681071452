package dev.sessionscaler.sim.ingest;

import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.port.SessionRecorder;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import dev.sessionscaler.ingest.IngestBatch;
import dev.sessionscaler.ingest.SenderBinding;
import dev.sessionscaler.ingest.SessionEventParser;
import dev.sessionscaler.ingest.SessionIngestHandler;
import dev.sessionscaler.ingest.SessionTableLayout;
import dev.sessionscaler.sim.aws.EmbeddedDynamoDb;
import dev.sessionscaler.sim.aws.EmbeddedSqs;
import dev.sessionscaler.sim.aws.SqsEventSourceMapping;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingest path end to end on real parts: ElasticMQ queue and DLQ, the real handler, DynamoDB Local.
 * Only the event source mapping between queue and handler is simulated.
 */
class IngestPipelineTest {
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b";
    static final ServiceRef SERVICE = new ServiceRef("demo", "rdp");

    private static EmbeddedSqs sqs;
    private static EmbeddedDynamoDb dynamo;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void start() {
        sqs = new EmbeddedSqs();
        dynamo = new EmbeddedDynamoDb();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        dynamo.close();
    }

    static String start(String session, String at) {
        return "{\"type\":\"SESSION_STARTED\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"" + ARN
                + "\",\"sessionId\":\"" + session + "\",\"timestamp\":\"" + at + "\"}";
    }

    /** A body that must be rejected, and the start of the reason it must be rejected with. */
    record Invalid(String body, String reason) {
    }

    static final String VALID_START = start("s", "2026-01-01T09:00:00Z");
    static final String HEARTBEAT = "{\"type\":\"TASK_HEARTBEAT\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"" + ARN
            + "\",\"activeSessionIds\":IDS,\"timestamp\":\"2026-01-01T09:00:00Z\"}";

    /** One message per way a body can be invalid; each must be rejected and end in the DLQ. */
    static final List<Invalid> INVALID = List.of(
            new Invalid("{not json", "malformed JSON"),
            new Invalid("[1, 2]", "must be a JSON object"),
            new Invalid(VALID_START.replace("SESSION_STARTED", "SESSION_PAUSED"), "type: unknown event type \"SESSION_PAUSED\""),
            new Invalid(VALID_START.replace("\"sessionId\":\"s\",", ""), "sessionId: is required"),
            new Invalid(VALID_START.replace("\"sessionId\":\"s\"", "\"sessionId\":\" \""), "sessionId: must not be blank"),
            new Invalid(VALID_START.replace("\"sessionId\":\"s\"", "\"sessionId\":42"), "sessionId: must be a string"),
            new Invalid(VALID_START.replace("\"sessionId\":\"s\"", "\"sessionId\":\"has space\""), "sessionId: must be 1 to 128"),
            new Invalid(VALID_START.replace(ARN, "i-0123456789"), "taskArn: must be an ECS task ARN"),
            new Invalid(VALID_START.replace("task/demo/", "task/other/"), "taskArn: belongs to cluster \"other\""),
            new Invalid(VALID_START.replace("\"cluster\":\"demo\"", "\"cluster\":\"de mo\""), "cluster: must be an ECS name"),
            new Invalid(start("s", "2026-01-01T10:30:00Z"), "timestamp: 2026-01-01T10:30:00Z is 1800 s later than when the message was received"),
            new Invalid(start("s", "2025-12-30T10:00:00Z"), "timestamp: 2025-12-30T10:00:00Z is 172800 s old"),
            new Invalid(VALID_START.replace("}", ",\"extra\":true}"), "extra: unknown field"),
            new Invalid(start("x".repeat(70_000), "2026-01-01T09:00:00Z"), "message body is "),
            new Invalid(HEARTBEAT.replace("IDS", "[\"a\",\"a\"]"), "activeSessionIds[1]: duplicates activeSessionIds[0]"),
            new Invalid(HEARTBEAT.replace("IDS", "[" + IntStream.range(0, 1001).mapToObj(i -> "\"s" + i + "\"")
                    .collect(Collectors.joining(",")) + "]"), "activeSessionIds: 1001 ids, over the limit"));

    @Test
    void everyRejectionReasonIsReportedAndTheMessageEndsInTheDeadLetterQueue() {
        List<LocalIngest.Line> lines = new ArrayList<>();
        for (int i = 0; i < INVALID.size(); i++) {
            lines.add(new LocalIngest.Line(i + 1, INVALID.get(i).body()));
        }
        lines.add(new LocalIngest.Line(INVALID.size() + 1, start("valid", "2026-01-01T09:00:00Z")));

        LocalIngest.Summary summary;
        try (LocalIngest ingest = new LocalIngest(CLOCK, 2, 10)) {
            summary = ingest.run(lines, 1, n -> { });
        }

        assertThat(summary.rejected()).extracting(LocalIngest.Rejection::line)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, INVALID.size()).boxed().toList());
        for (int i = 0; i < INVALID.size(); i++) {
            assertThat(summary.rejected().get(i).reason()).as("line %d", i + 1).startsWith(INVALID.get(i).reason());
        }
        assertThat(summary.deadLettered()).isEqualTo(INVALID.size());
        assertThat(summary.accepted()).isEqualTo(1);
        assertThat(summary.activeSessions()).containsEntry(ARN, 1);
    }

    @Test
    void processingTheSameFileTwiceGivesTheSameState() {
        List<LocalIngest.Line> lines = List.of(
                new LocalIngest.Line(1, start("a", "2026-01-01T09:00:00Z")),
                new LocalIngest.Line(2, start("b", "2026-01-01T09:01:00Z")),
                new LocalIngest.Line(3, start("b", "2026-01-01T09:01:00Z").replace("SESSION_STARTED", "SESSION_ENDED")
                        .replace("09:01:00", "09:20:00")),
                new LocalIngest.Line(4, start("c", "2026-01-01T09:02:00Z")));
        LocalIngest.Summary once;
        LocalIngest.Summary twice;
        try (LocalIngest ingest = new LocalIngest(CLOCK, 3, 10)) {
            once = ingest.run(lines, 1, n -> { });
        }
        try (LocalIngest ingest = new LocalIngest(CLOCK, 3, 10)) {
            twice = ingest.run(lines, 2, n -> { });
        }
        assertThat(once.activeSessions()).containsExactlyEntriesOf(java.util.Map.of(ARN, 2));
        assertThat(twice.activeSessions()).isEqualTo(once.activeSessions());
        assertThat(twice.accepted()).isEqualTo(2 * once.accepted());
        assertThat(twice.deadLettered()).isZero();
    }

    @Test
    void aTransientFailureIsRedeliveredAndRecordedNotDeadLettered() {
        String table = "sessions-" + NAMES.incrementAndGet();
        SessionTableLayout.createLocalTable(dynamo.client(), table);
        var store = new DynamoDbSessionStore(dynamo.client(), table, CLOCK, EventLimits.DEFAULTS, Backoff.standard());
        AtomicInteger failuresLeft = new AtomicInteger(2);
        SessionRecorder flaky = (event, receivedAt) -> {
            if (event instanceof SessionEvent.SessionStarted s && s.sessionId().equals("unlucky") && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("throttled");
            }
            return store.record(event, receivedAt);
        };
        var queue = sqs.createQueueWithDeadLetterQueue("q" + NAMES.incrementAndGet(), 3);
        var handler = new SessionIngestHandler(new IngestBatch(new SessionEventParser(EventLimits.DEFAULTS, Set.of(), CLOCK),
                flaky, new StructuredLog(new PrintStream(OutputStream.nullOutputStream()), CLOCK), SenderBinding.OFF));
        for (String id : List.of("a", "unlucky", "b")) {
            sqs.client().sendMessage(r -> r.queueUrl(queue.url()).messageBody(start(id, "2026-01-01T09:00:00Z")));
        }

        var drained = new SqsEventSourceMapping(sqs.client(), queue, handler, 10, CLOCK).drain(n -> { });

        assertThat(drained.succeeded()).hasSize(3);
        assertThat(drained.failedDeliveries()).as("the unlucky message failed twice, then succeeded").isEqualTo(2);
        assertThat(drained.invocations()).isEqualTo(3);
        assertThat(sqs.depth(queue.deadLetterUrl())).isZero();
        assertThat(sqs.depth(queue.url())).isZero();
        assertThat(store.taskSessions(SERVICE).get(ARN).activeSessions()).isEqualTo(3);
    }

    @Test
    void aPoisonMessageDoesNotHoldBackTheRestOfItsBatch() {
        String table = "sessions-" + NAMES.incrementAndGet();
        SessionTableLayout.createLocalTable(dynamo.client(), table);
        var store = new DynamoDbSessionStore(dynamo.client(), table, CLOCK, EventLimits.DEFAULTS, Backoff.standard());
        AtomicInteger recorded = new AtomicInteger();
        SessionRecorder counting = (event, receivedAt) -> {
            recorded.incrementAndGet();
            return store.record(event, receivedAt);
        };
        var queue = sqs.createQueueWithDeadLetterQueue("q" + NAMES.incrementAndGet(), 4);
        var handler = new SessionIngestHandler(new IngestBatch(new SessionEventParser(EventLimits.DEFAULTS, Set.of(), CLOCK),
                counting, new StructuredLog(new PrintStream(OutputStream.nullOutputStream()), CLOCK), SenderBinding.OFF));
        sqs.client().sendMessage(r -> r.queueUrl(queue.url()).messageBody(start("a", "2026-01-01T09:00:00Z")));
        sqs.client().sendMessage(r -> r.queueUrl(queue.url()).messageBody("poison"));
        sqs.client().sendMessage(r -> r.queueUrl(queue.url()).messageBody(start("b", "2026-01-01T09:00:00Z")));

        var drained = new SqsEventSourceMapping(sqs.client(), queue, handler, 10, CLOCK).drain(n -> { });

        assertThat(recorded.get()).as("valid messages were recorded once, not redelivered with the poison").isEqualTo(2);
        assertThat(drained.failedDeliveries()).isEqualTo(4);
        assertThat(sqs.depth(queue.deadLetterUrl())).isEqualTo(1);
        assertThat(store.taskSessions(SERVICE).get(ARN).activeSessions()).isEqualTo(2);
    }
}
