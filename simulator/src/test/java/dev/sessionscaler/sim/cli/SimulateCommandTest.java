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
        assertThat(summary.fieldNames()).toIterable().containsExactly("scenario", "durationMinutes", "wallSeconds", "fidelity", "startsAt",
                "taskSize", "policies", "headline");
        assertThat(summary.get("scenario").asText()).isEqualTo("small");
        assertThat(summary.get("policies")).extracting(p -> p.get("policy").asText())
                .containsExactly("session-aware", "target-tracking", "target-tracking-protected", "packing-bound", "oracle");
        assertThat(summary.get("policies").get(0).fieldNames()).toIterable().containsExactly("policy", "sessionsStarted",
                "sessionsInterrupted", "sessionsRejected", "taskMinutes", "efficiency", "taskCostUsd", "monthlyTaskCostUsd",
                "overloadMinutes", "p95ScaleOutLatencySeconds", "scaleOutEvents", "scaleInEvents", "cordons", "readmissions",
                "sessionEvents", "workflowExecutions", "stateTransitions", "scalerMonthlyCostUsd", "scalerMonthlyCost");
        assertThat(summary.get("policies").get(0).get("scalerMonthlyCost").fieldNames()).toIterable().containsExactly("sqs", "lambda",
                "dynamoDb", "stepFunctions", "cloudWatch", "total", "apiGatewayIfUsed");
        assertThat(summary.get("policies").get(0).at("/scalerMonthlyCost/total").asDouble())
                .isEqualTo(summary.get("policies").get(0).get("scalerMonthlyCostUsd").asDouble());
        JsonNode sessionAware = summary.get("policies").get(0);
        double perTaskMinute = (1 * 0.04048 + 2 * 0.004445) / 60;  // the default size: 1 vCPU, 2 GiB, x86, us-east-1
        assertThat(sessionAware.get("taskCostUsd").asDouble())
                .isCloseTo(sessionAware.get("taskMinutes").asDouble() * perTaskMinute, org.assertj.core.data.Offset.offset(0.006));
        assertThat(sessionAware.get("monthlyTaskCostUsd").asDouble())
                .isCloseTo(sessionAware.get("taskCostUsd").asDouble() * 30 * 24 * 60 / 30, org.assertj.core.data.Offset.offset(2.0));
        assertThat(summary.get("headline").asText()).startsWith("Session Scaler: " + sessionAware.get("sessionsInterrupted")
                + " sessions cut").contains("ECS target tracking: ", "target tracking with task protection: ");
        assertThat(summary.get("policies").get(0).get("sessionsStarted").asInt()).isPositive();
        assertThat(Json.MAPPER.readTree(out.resolve("summary.json").toFile()).get("policies")).isEqualTo(summary.get("policies"));
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<svg", "session-aware", "target-tracking", "scalerMonthlyCostUsd", "monthlyTaskCostUsd",
                "Tasks in service, every policy against the oracle");
        assertThat(html.indexOf("monthlyTaskCostUsd")).as("the report opens with the cost and the cuts")
                .isLessThan(html.indexOf("overloadMinutes"));
        assertThat(out.resolve("charts/in-service-tasks.png")).isNotEmptyFile();
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
    void theTableExplainsItsColumnsAndEndsWithTheHeadlineAndTheReport() throws IOException {
        Path scenario = Files.writeString(dir.resolve("small.json"), SMALL.replace("\"durationMinutes\": 30", "\"durationMinutes\": 5")
                .replace("\"atMinute\": 20", "\"atMinute\": 5"));

        DecideCommandTest.Run run = run("simulate", "--scenario", scenario.toString(), "--out", dir.resolve("out").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("tasks $/mo", "scaler $/mo", "tasks $/mo: the tasks' Fargate bill at 1 vCPU, 2 GiB, X86_64",
                "scaler $/mo: the scaler's own AWS bill");
        assertThat(run.out().strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("Session Scaler: ");
        assertThat(run.err().strip()).endsWith(dir.resolve("out").resolve("report.html").toAbsolutePath().toString());
    }

    @Test
    void aTraceReplacesTheScenariosTrafficAndSetsItsSpan() throws IOException {
        Path trace = Files.writeString(dir.resolve("trace.csv"), """
                sessionId,start,end
                a,2026-03-02T08:00:10Z,2026-03-02T08:20:00Z
                b,2026-03-02T08:01:00Z,2026-03-02T08:09:30Z
                c,1772438700,1772439000
                """);

        DecideCommandTest.Run run = run("simulate", "--scenario", "tag-bursts", "--trace", trace.toString(), "--out",
                dir.resolve("out").toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertThat(summary.get("durationMinutes").asInt()).as("08:00:10 to 08:20:00").isEqualTo(20);
        assertThat(summary.get("startsAt").asText()).isEqualTo("2026-03-02T08:00:10Z");
        assertThat(summary.get("trace").asText()).isEqualTo(trace.toString());
        assertThat(summary.get("policies").get(0).get("sessionsStarted").asInt()).isEqualTo(3);
        assertThat(run.err()).contains("trace " + trace + ": 3 sessions over 20 minutes");
    }

    @Test
    void aBadTraceRowExitsWithTwoNamingTheFileLineAndField() throws IOException {
        Path trace = Files.writeString(dir.resolve("trace.csv"), "start,end\n2026-03-02T08:00:00Z,2026-03-02T08:10:00Z\n"
                + "2026-03-02T08:05:00Z,yesterday\n");

        DecideCommandTest.Run run = run("simulate", "--trace", trace.toString(), "--out", dir.resolve("out").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: " + trace + ": line 3: end: is neither an ISO-8601 instant");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aScenarioFilesTraceIsReadRelativeToIt() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(sub.resolve("day.jsonl"), """
                {"type":"SESSION_STARTED","sessionId":"x","timestamp":"2026-03-02T08:00:00Z"}
                {"type":"SESSION_ENDED","sessionId":"x","timestamp":"2026-03-02T08:04:00Z"}
                """);
        String withTrace = SMALL.replace("\"durationMinutes\": 30,", "")
                .replace("\"arrivals\": [{\"atMinute\": 0, \"sessionsPerMinute\": 1}, {\"atMinute\": 20, \"sessionsPerMinute\": 3}],", "")
                .replace("\"sessionMinutes\": {\"median\": 20, \"p95\": 60}", "\"trace\": \"day.jsonl\"");
        assertThat(withTrace).contains("trace").doesNotContain("arrivals", "sessionMinutes", "durationMinutes");
        Path scenario = Files.writeString(sub.resolve("replay.json"), withTrace);

        DecideCommandTest.Run run = run("simulate", "--scenario", scenario.toString(), "--out", dir.resolve("out").toString(),
                "--json");

        assertThat(run.exit()).as(run.err() + withTrace).isZero();
        assertThat(Json.MAPPER.readTree(run.out()).get("durationMinutes").asInt()).as("4 minutes and the last second").isEqualTo(5);
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
        assertThat(run.err()).startsWith("error: --scenario: no built-in scenario \"mystery\" (built in: rdp-workday, tag-bursts, tag-day)");
    }
}
