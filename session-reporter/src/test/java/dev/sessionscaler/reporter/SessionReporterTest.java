package dev.sessionscaler.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SessionReporterTest {
    static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b";
    static final TaskIdentity TASK = new TaskIdentity(ARN, "demo", "rdp");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:00:00.123Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordingSender sender = new RecordingSender();

    private SessionReporter reporter(ReporterSettings settings) {
        return SessionReporter.builder().environment(Map.of()).settings(settings.withShutdownHook(false)).identity(TASK)
                .sender(sender).clock(CLOCK).build();
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    @Test
    void startsEndsAndHeartbeatsAreTheContractsMessages() throws Exception {
        SessionReporter reporter = reporter(ReporterSettings.defaults());
        reporter.sessionStarted("a");
        reporter.sessionStarted("b");
        reporter.sessionStarted("a");  // already active: nothing new to say
        reporter.sessionEnded("b");
        reporter.sessionEnded("never-started");

        assertThat(reporter.flush()).isTrue();
        assertThat(reporter.heartbeat()).isTrue();

        assertThat(sender.delivered).hasSize(4);
        JsonNode start = json(sender.delivered.get(0));
        assertThat(start.get("type").asText()).isEqualTo("SESSION_STARTED");
        assertThat(start.get("cluster").asText()).isEqualTo("demo");
        assertThat(start.get("service").asText()).isEqualTo("rdp");
        assertThat(start.get("taskArn").asText()).isEqualTo(ARN);
        assertThat(start.get("sessionId").asText()).isEqualTo("a");
        assertThat(start.get("timestamp").asText()).isEqualTo("2026-01-01T10:00:00.123Z");
        assertThat(json(sender.delivered.get(2)).get("type").asText()).isEqualTo("SESSION_ENDED");
        assertThat(sender.delivered).extracting(b -> json(b).get("timestamp").asText()).as("in order, even on a stopped clock")
                .containsExactly("2026-01-01T10:00:00.123Z", "2026-01-01T10:00:00.124Z", "2026-01-01T10:00:00.125Z",
                        "2026-01-01T10:00:00.126Z");
        JsonNode beat = json(sender.delivered.get(3));
        assertThat(beat.get("type").asText()).isEqualTo("TASK_HEARTBEAT");
        assertThat(beat.get("activeSessionIds")).extracting(JsonNode::asText).containsExactly("a");
        assertThat(reporter.metrics()).isEqualTo(new SessionReporter.Metrics(4, 0, 0, 0, 1));
    }

    @Test
    void anIdleTaskStillHeartbeatsWithAnEmptyList() throws Exception {
        SessionReporter reporter = reporter(ReporterSettings.defaults());

        reporter.heartbeat();

        assertThat(json(sender.delivered.get(0)).get("activeSessionIds").size()).isZero();
    }

    @Test
    void whileTheQueueIsUnreachableStartsAndEndsWaitUpToALimitAndTheNextHeartbeatHealsTheRest() throws Exception {
        SessionReporter reporter = reporter(ReporterSettings.defaults().withMaxBufferedEvents(20));
        sender.down = true;
        IntStream.range(0, 50).forEach(i -> reporter.sessionStarted("s" + i));
        reporter.sessionEnded("s0");

        assertThat(reporter.flush()).isFalse();
        assertThat(reporter.heartbeat()).isFalse();
        var during = reporter.metrics();
        assertThat(during.buffered()).as("memory stays bounded").isEqualTo(20);
        assertThat(during.dropped()).isEqualTo(31);
        assertThat(during.retried()).as("a batch of 10 and a heartbeat tried again later").isEqualTo(11);

        sender.down = false;
        assertThat(reporter.flush()).isTrue();
        assertThat(reporter.heartbeat()).isTrue();

        assertThat(sender.delivered).hasSize(21);
        JsonNode beat = json(sender.delivered.get(20));
        assertThat(beat.get("activeSessionIds")).as("the snapshot names every session, the dropped STARTs' too")
                .extracting(JsonNode::asText).hasSize(49).contains("s49").doesNotContain("s0");
        assertThat(reporter.metrics().buffered()).isZero();
    }

    @Test
    void aMessageTheQueueRefusesIsDroppedAndCountedNotRetriedForever() {
        SessionReporter reporter = reporter(ReporterSettings.defaults());
        sender.answer = EventSender.Outcome.REJECTED;
        reporter.sessionStarted("a");

        assertThat(reporter.flush()).isTrue();

        assertThat(reporter.metrics().dropped()).isEqualTo(1);
        assertThat(reporter.metrics().buffered()).isZero();
    }

    @Test
    void aThrottledMessageStaysFirstInLineForTheRetry() {
        SessionReporter reporter = reporter(ReporterSettings.defaults());
        sender.answer = EventSender.Outcome.RETRY;
        reporter.sessionStarted("a");
        reporter.sessionStarted("b");

        assertThat(reporter.flush()).isFalse();
        assertThat(reporter.metrics().retried()).isEqualTo(2);
        sender.answer = EventSender.Outcome.SENT;
        assertThat(reporter.flush()).isTrue();

        assertThat(sender.delivered).extracting(b -> b.contains("\"sessionId\":\"a\"")).containsExactly(true, false);
    }

    @Test
    void moreSessionsThanAHeartbeatMayListSendNoHeartbeatSoTheTaskCountsAsBusy() {
        SessionReporter reporter = reporter(ReporterSettings.defaults());
        IntStream.range(0, SessionMessages.MAX_HEARTBEAT_IDS + 1).forEach(i -> reporter.sessionStarted("s" + i));

        assertThat(reporter.heartbeat()).isFalse();
        assertThat(sender.calls).isZero();
    }

    @Test
    void sessionIdsTheContractRefusesAreRefusedAtOnce() {
        SessionReporter reporter = reporter(ReporterSettings.defaults());

        assertThatThrownBy(() -> reporter.sessionStarted("has space")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("printable ASCII without spaces");
        assertThatThrownBy(() -> reporter.sessionStarted("x".repeat(129))).hasMessageContaining("1 to 128 characters");
    }

    @Test
    void startedItSendsOnItsOwnThreadAndCloseSendsALastHeartbeat() throws Exception {
        RecordingSender real = sender;
        SessionReporter reporter = SessionReporter.builder().environment(Map.of())
                .settings(ReporterSettings.defaults().withShutdownHook(false).withHeartbeatInterval(Duration.ofSeconds(60)))
                .identity(TASK).sender(real).clock(Clock.systemUTC()).build().start();
        reporter.sessionStarted("a");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (real.delivered.stream().noneMatch(b -> b.contains("SESSION_STARTED")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(real.delivered).as("the first heartbeat, then the START, sent without a flush").anyMatch(b -> b.contains("SESSION_STARTED"));

        reporter.close();

        String last = real.delivered.get(real.delivered.size() - 1);
        assertThat(json(last).get("type").asText()).isEqualTo("TASK_HEARTBEAT");
        assertThat(json(last).get("activeSessionIds")).extracting(JsonNode::asText).containsExactly("a");
    }

    @Test
    void settingsFromTheEnvironmentSayWhatIsWrong() {
        assertThatThrownBy(() -> ReporterSettings.fromEnvironment(Map.of(ReporterSettings.API_URL, "http://api")))
                .hasMessageContaining("must be an https:// URL");
        assertThatThrownBy(() -> ReporterSettings.fromEnvironment(Map.of(ReporterSettings.PROTECT_WHILE_BUSY, "yes")))
                .hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> SessionReporter.builder().environment(Map.of()).identity(TASK).build())
                .hasMessageContaining("no destination: set SESSION_SCALER_QUEUE_URL");
        assertThatThrownBy(() -> ReporterSettings.defaults().withHeartbeatInterval(Duration.ofSeconds(200)))
                .hasMessageContaining("at most 120 s");
        assertThatThrownBy(() -> SessionReporter.builder().environment(Map.of()).identity(TASK).sender(new RecordingSender())
                .settings(ReporterSettings.defaults().withProtectWhileBusy(true)).build())
                .hasMessageContaining("ECS_AGENT_URI is not set");
        assertThat(ReporterSettings.fromEnvironment(Map.of(ReporterSettings.QUEUE_URL, " https://sqs/q ")).queueUrl())
                .isEqualTo("https://sqs/q");
    }
}
