package dev.sessionscaler.sim.cli;

import static dev.sessionscaler.sim.cli.DecideCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.sim.scenario.ScenarioTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    /** Half an hour of the scenario tests' small service: enough for a scale-out, quick to run. */
    private static final String SMALL = ScenarioTest.SMALL.replace("\"durationMinutes\": 120", "\"durationMinutes\": 30")
            .replace("\"atMinute\": 60", "\"atMinute\": 20");

    @TempDir
    Path dir;

    @Test
    void jsonSummaryHasTheDocumentedFieldsAndTheReportIsWritten() throws IOException {
        Path scenario = dir.resolve("small.json");
        Files.writeString(scenario, SMALL);
        Path out = dir.resolve("out");

        DecideCommandTest.Run run = run("simulate", "--scenario", scenario.toString(), "--out", out.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.fieldNames()).toIterable().containsExactly("scenario", "durationMinutes", "wallSeconds", "policies");
        assertThat(summary.get("scenario").asText()).isEqualTo("small");
        assertThat(summary.get("policies")).extracting(p -> p.get("policy").asText())
                .containsExactly("session-aware", "target-tracking", "target-tracking-protected", "packing-bound", "oracle");
        assertThat(summary.get("policies").get(0).fieldNames()).toIterable().containsExactly("policy", "sessionsStarted",
                "sessionsInterrupted", "sessionsRejected", "taskMinutes", "efficiency", "overloadMinutes",
                "p95ScaleOutLatencySeconds", "scaleOutEvents", "scaleInEvents", "cordons", "readmissions", "workflowExecutions",
                "stateTransitions", "estimatedMonthlyCostUsd");
        assertThat(summary.get("policies").get(0).get("sessionsStarted").asInt()).isPositive();
        assertThat(Json.MAPPER.readTree(out.resolve("summary.json").toFile()).get("policies")).isEqualTo(summary.get("policies"));
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<svg", "session-aware", "target-tracking", "estimatedMonthlyCostUsd");
        assertThat(out.resolve("charts/session-aware-tasks.png")).isNotEmptyFile();
        assertThat(Files.readAllBytes(out.resolve("charts/oracle-sessions.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(html).contains("cordoned or draining", "target-tracking-protected", "packing-bound");
        List<String> decisions = Files.readAllLines(out.resolve("decisions-session-aware.jsonl"));
        assertThat(decisions).as("one analyzer run a minute").hasSize(summary.get("durationMinutes").asInt());
        assertThat(Json.MAPPER.readTree(decisions.get(0)).fieldNames()).toIterable()
                .contains("minute", "at", "status", "action", "desiredCount", "reason", "message");
    }

    @Test
    void anInvalidScenarioExitsWithTwoNamingTheField() throws IOException {
        Path scenario = dir.resolve("bad.json");
        Files.writeString(scenario, SMALL.replace("\"p95\": 60", "\"p95\": 3"));

        DecideCommandTest.Run run = run("simulate", "--scenario", scenario.toString(), "--out", dir.resolve("out").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: " + scenario + ": sessionMinutes.p95: must be more than the median");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsRefusedBeforeTheRun() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "a file, not a directory");

        DecideCommandTest.Run run = run("simulate", "--scenario", "tag-bursts", "--out", file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --out: cannot create directory " + file);
    }

    @Test
    void anUnknownBuiltInScenarioListsTheBuiltIns() {
        DecideCommandTest.Run run = run("simulate", "--scenario", "mystery");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --scenario: no built-in scenario \"mystery\" (built in: rdp-workday, tag-bursts)");
    }
}
