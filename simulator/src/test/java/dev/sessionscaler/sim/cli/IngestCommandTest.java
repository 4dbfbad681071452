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

    @Test
    void badOptionsExitWithTwo() {
        assertThat(run("ingest", "--file", EXAMPLE, "--passes", "0").err()).startsWith("error: --passes: must be between 1 and 100");
        assertThat(run("ingest", "--file", "missing.jsonl").exit()).isEqualTo(2);
    }
}
