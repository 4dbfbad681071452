package dev.sessionscaler.sim.cli;

import static dev.sessionscaler.sim.cli.DecideCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IngestCommandTest {
    private static final String EXAMPLE = Path.of("..", "examples", "events.jsonl").toString();

    @Test
    void jsonSummaryHasTheDocumentedShape() throws IOException {
        DecideCommandTest.Run run = run("ingest", "--file", EXAMPLE, "--json");

        assertThat(run.exit()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.fieldNames()).toIterable().containsExactly("accepted", "rejected", "deadLettered", "activeSessions");
        assertThat(summary.get("accepted").asInt()).isEqualTo(8);
        assertThat(summary.get("rejected")).hasSize(3);
        assertThat(summary.at("/rejected/0/line").asInt()).isEqualTo(9);
        assertThat(summary.at("/rejected/0/reason").asText()).startsWith("type: unknown event type \"SESSION_PAUSED\"");
        assertThat(summary.get("deadLettered").asInt()).isEqualTo(3);
        assertThat(summary.at("/activeSessions/arn:aws:ecs:us-east-1:123456789012:task~1demo~10a1b").asInt()).isEqualTo(2);
        assertThat(summary.at("/activeSessions/arn:aws:ecs:us-east-1:123456789012:task~1demo~11c2d").asInt()).isEqualTo(1);
    }

    @Test
    void humanSummaryNamesTheRejectedLines() {
        DecideCommandTest.Run run = run("ingest", "--file", EXAMPLE, "--now", "2026-01-01T09:31:00Z");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("accepted:      8 message(s)", "line 11: activeSessionIds[1]: duplicates",
                "dead-lettered: 3 message(s)", "task/demo/1c2d  1");
    }

    /** 30 valid events on 30 tasks and 15 invalid ones, interleaved. */
    private static Path mixedFile(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 45; i++) {
            String arn = "arn:aws:ecs:us-east-1:123456789012:task/demo/t" + i;
            String type = i % 3 == 2 ? "SESSION_PAUSED" : "SESSION_STARTED";
            text.append("{\"type\":\"").append(type).append("\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"")
                    .append(arn).append("\",\"sessionId\":\"s-").append(i).append("\",\"timestamp\":\"2026-01-01T09:00:00Z\"}\n");
        }
        Path file = dir.resolve("mixed.jsonl");
        java.nio.file.Files.writeString(file, text);
        return file;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "--batch-size 3|30|15",
            "--max-receive-count 1|30|15",
            "--passes 2|60|30",
            "--batch-size 3 --max-receive-count 1 --passes 2|60|30"})
    void acceptedAndDeadLetteredCountEveryMessageWhateverTheDeliverySettings(String options, int accepted, int deadLettered,
                                                                             @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("ingest", "--file", mixedFile(dir).toString(), "--json"));
        args.addAll(java.util.List.of(options.split(" ")));

        DecideCommandTest.Run run = run(args.toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.get("accepted").asInt()).isEqualTo(accepted);
        assertThat(summary.get("rejected")).as("each rejected line once").hasSize(15);
        assertThat(summary.get("deadLettered").asInt()).isEqualTo(deadLettered);
    }

    @Test
    void aLineOverTheQueuesSizeLimitIsARejectedLineAndTheRunGoesOn(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String valid = "{\"type\":\"SESSION_STARTED\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":"
                + "\"arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b\",\"sessionId\":\"s-1\",\"timestamp\":\"2026-01-01T09:00:00Z\"}";
        String huge = valid.replace("\"s-1\"", "\"" + "x".repeat(300 * 1024) + "\"");
        Path file = dir.resolve("huge.jsonl");
        java.nio.file.Files.writeString(file, valid + "\n" + huge + "\n" + valid.replace("s-1", "s-2") + "\n");

        DecideCommandTest.Run run = run("ingest", "--file", file.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.get("accepted").asInt()).isEqualTo(2);
        assertThat(summary.at("/rejected/0/line").asInt()).isEqualTo(2);
        assertThat(summary.at("/rejected/0/reason").asText()).startsWith("SQS refused the message");
    }

    @Test
    void largeHeartbeatsAreSentInBatchesTheQueueAccepts(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int task = 0; task < 10; task++) {
            StringBuilder ids = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                ids.append(i == 0 ? "" : ",").append("\"session-").append(task).append('-').append(String.format("%023d", i)).append('"');
            }
            text.append("{\"type\":\"TASK_HEARTBEAT\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":")
                    .append("\"arn:aws:ecs:us-east-1:123456789012:task/demo/t").append(task).append("\",\"activeSessionIds\":[")
                    .append(ids).append("],\"timestamp\":\"2026-01-01T09:00:00Z\"}\n");
        }
        Path file = dir.resolve("big.jsonl");
        java.nio.file.Files.writeString(file, text);
        assertThat(java.nio.file.Files.size(file)).as("ten heartbeats of about 36 KB").isGreaterThan(10 * 35_000L);

        DecideCommandTest.Run run = run("ingest", "--file", file.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.get("accepted").asInt()).isEqualTo(10);
        assertThat(summary.at("/activeSessions/arn:aws:ecs:us-east-1:123456789012:task~1demo~1t3").asInt()).isEqualTo(1000);
    }

    @Test
    void badOptionsExitWithTwo() {
        assertThat(run("ingest", "--file", EXAMPLE, "--passes", "0").err()).startsWith("error: --passes: must be between 1 and 100");
        assertThat(run("ingest", "--file", "missing.jsonl").exit()).isEqualTo(2);
    }
}
