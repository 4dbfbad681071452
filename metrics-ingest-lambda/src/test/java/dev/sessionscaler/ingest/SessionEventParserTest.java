package dev.sessionscaler.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.model.TaskUsage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionEventParserTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b";
    private static final String START = "{\"type\": \"SESSION_STARTED\", \"cluster\": \"demo\", \"service\": \"rdp\", "
            + "\"taskArn\": \"" + ARN + "\", \"sessionId\": \"s-1\", \"timestamp\": \"2026-01-01T09:59:00Z\"}";
    private static final String BEAT = "{\"type\": \"TASK_HEARTBEAT\", \"cluster\": \"demo\", \"service\": \"rdp\", "
            + "\"taskArn\": \"" + ARN + "\", \"activeSessionIds\": [\"s-1\", \"s-2\"], \"timestamp\": \"2026-01-01T09:59:30Z\"}";

    private final SessionEventParser parser = new SessionEventParser(EventLimits.DEFAULTS, Set.of(), CLOCK);

    @Test
    void parsesEachEventType() {
        assertThat(parser.parse(START)).isEqualTo(new SessionEvent.SessionStarted(new ServiceRef("demo", "rdp"), ARN, "s-1",
                Instant.parse("2026-01-01T09:59:00Z")));
        assertThat(parser.parse(START.replace("SESSION_STARTED", "SESSION_ENDED"))).isInstanceOf(SessionEvent.SessionEnded.class);
        assertThat(parser.parse(BEAT)).isEqualTo(new SessionEvent.TaskHeartbeat(new ServiceRef("demo", "rdp"), ARN,
                Set.of("s-1", "s-2"), Instant.parse("2026-01-01T09:59:30Z")));
        assertThat(parser.parse(BEAT.replace("[\"s-1\", \"s-2\"]", "[]"))).isInstanceOf(SessionEvent.TaskHeartbeat.class);
        assertThat(((SessionEvent.TaskHeartbeat) parser.parse(BEAT)).usage()).isNull();
    }

    @Test
    void aHeartbeatMayReportTheTasksCpuAndMemoryTogether() {
        String withUsage = BEAT.replace("\"timestamp\"", "\"cpuPercent\": 142.5, \"memoryPercent\": 0, \"timestamp\"");
        assertThat(((SessionEvent.TaskHeartbeat) parser.parse(withUsage)).usage())
                .as("CPU above 100: a task may burst beyond its reservation on EC2").isEqualTo(new TaskUsage(142.5, 0));
        String tiny = BEAT.replace("\"timestamp\"", "\"cpuPercent\": 1e-200, \"memoryPercent\": 33.333333, \"timestamp\"");
        assertThat(((SessionEvent.TaskHeartbeat) parser.parse(tiny)).usage()).as("to the hundredth, inside DynamoDB's range")
                .isEqualTo(new TaskUsage(0, 33.33));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "\"SESSION_STARTED\"|\"SESSION_PAUSED\"|type: unknown event type \"SESSION_PAUSED\"",
            "\"type\": \"SESSION_STARTED\", |\"kind\": \"SESSION_STARTED\", |type: is required",
            "\"sessionId\": \"s-1\", |''|sessionId: is required",
            "\"sessionId\": \"s-1\"|\"sessionId\": \"  \"|sessionId: must not be blank",
            "\"sessionId\": \"s-1\"|\"sessionId\": \"has space\"|sessionId: must be 1 to 128 printable ASCII characters",
            "\"sessionId\": \"s-1\"|\"sessionId\": 17|sessionId: must be a string, got 17",
            "task/demo/0a1b|task/other/0a1b|taskArn: belongs to cluster \"other\", not to the event's cluster \"demo\"",
            "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b|i-0abc|taskArn: must be an ECS task ARN",
            "\"cluster\": \"demo\"|\"cluster\": \"de mo\"|cluster: must be an ECS name",
            "2026-01-01T09:59:00Z|2026-01-01T10:00:31Z|timestamp: 2026-01-01T10:00:31Z is 31 s later than when the message was received, more than the allowed clock skew of 30 s",
            "2026-01-01T09:59:00Z|2026-01-01T11:59:00+02:00|timestamp: must be an ISO-8601 UTC instant ending in Z",
            "2026-01-01T09:59:00Z|2025-12-30T09:00:00Z|timestamp: 2025-12-30T09:00:00Z is 176400 s old",
            "2026-01-01T09:59:00Z|yesterday|timestamp: must be an ISO-8601 UTC instant",
            "\"service\": \"rdp\", |\"service\": \"rdp\", \"extra\": 1, |extra: unknown field"})
    void rejectsSessionEventsWithAPreciseReason(String from, String to, String message) {
        String body = START.replace(from, to);
        assertThat(body).isNotEqualTo(START);
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "[\"s-1\", \"s-2\"]|[\"s-1\", \"s-1\"]|activeSessionIds[1]: duplicates activeSessionIds[0]",
            "[\"s-1\", \"s-2\"]|[\"s-1\", 2]|activeSessionIds[1]: must be a non-blank string, got 2",
            "[\"s-1\", \"s-2\"]|\"s-1\"|activeSessionIds: must be a JSON array",
            "\"activeSessionIds\": [\"s-1\", \"s-2\"], |\"activeSessions\": 2, |activeSessions: unknown field",
            "\"timestamp\"|\"cpuPercent\": 12, \"timestamp\"|memoryPercent: is missing: a heartbeat reports cpuPercent and memoryPercent together",
            "\"timestamp\"|\"memoryPercent\": 12, \"timestamp\"|cpuPercent: is missing",
            "\"timestamp\"|\"cpuPercent\": -1, \"memoryPercent\": 12, \"timestamp\"|cpuPercent: must be at least 0, got -1.0",
            "\"timestamp\"|\"cpuPercent\": 1e999, \"memoryPercent\": 12, \"timestamp\"|cpuPercent: must be a finite number",
            "\"timestamp\"|\"cpuPercent\": 12, \"memoryPercent\": 1e200, \"timestamp\"|memoryPercent: must be a number from 0 to 1000000 (percent of what the task reserves), got 1.0E200",
            "\"timestamp\"|\"cpuPercent\": \"high\", \"memoryPercent\": 12, \"timestamp\"|cpuPercent: must be a number"})
    void rejectsHeartbeatsWithAPreciseReason(String from, String to, String message) {
        String body = BEAT.replace(from, to);
        assertThat(body).isNotEqualTo(BEAT);
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith(message);
    }

    @Test
    void rejectsMalformedEmptyAndOversizedBodies() {
        assertThatThrownBy(() -> parser.parse("{\"type\": ")).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> parser.parse("")).hasMessage("message body is empty");
        assertThatThrownBy(() -> parser.parse("[]")).hasMessage("must be a JSON object, got an array");
        String huge = START.replace("\"s-1\"", "\"" + "x".repeat(70_000) + "\"");
        assertThatThrownBy(() -> parser.parse(huge)).hasMessageContaining("bytes, over the limit of 65536");
    }

    @Test
    void rejectsHeartbeatsWithTooManyIds() {
        String ids = IntStream.range(0, 1001).mapToObj(i -> "\"s" + i + "\"").collect(Collectors.joining(","));
        String body = BEAT.replace("[\"s-1\", \"s-2\"]", "[" + ids + "]");
        assertThatThrownBy(() -> parser.parse(body)).hasMessage("activeSessionIds: 1001 ids, over the limit of 1000");
    }

    @Test
    void textAfterTheEventAndKeysGivenTwiceAreRejected() {
        assertThatThrownBy(() -> parser.parse(START + " {\"type\": \"SESSION_ENDED\"}")).hasMessageStartingWith("malformed JSON: Trailing token");
        assertThatThrownBy(() -> parser.parse(START.replace("\"sessionId\": \"s-1\"", "\"sessionId\": \"s-1\", \"sessionId\": \"s-2\"")))
                .hasMessageStartingWith("malformed JSON: Duplicate field 'sessionId'");
    }

    @Test
    void clockSkewIsJudgedAgainstWhenTheMessageWasReceivedNotWhenItIsProcessed() {
        // received at 09:59:00, processed a minute later: a timestamp 40 s after receipt is a wrong clock
        String body = START.replace("2026-01-01T09:59:00Z", "2026-01-01T09:59:40Z");
        assertThatThrownBy(() -> parser.parse(body, Instant.parse("2026-01-01T09:59:00Z"))).hasMessageContaining("40 s later than");
        assertThat(parser.parse(body, Instant.parse("2026-01-01T09:59:30Z")).timestamp()).isEqualTo(Instant.parse("2026-01-01T09:59:40Z"));
    }

    @Test
    void rejectsServicesThisDeploymentDoesNotManage() {
        var strict = new SessionEventParser(EventLimits.DEFAULTS, Set.of(new ServiceRef("demo", "vnc")), CLOCK);
        assertThatThrownBy(() -> strict.parse(START)).hasMessage("service: \"demo/rdp\" is not a service this deployment manages");
    }
}
