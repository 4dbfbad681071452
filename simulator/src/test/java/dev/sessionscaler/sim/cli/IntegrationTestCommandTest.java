package dev.sessionscaler.sim.cli;

import static dev.sessionscaler.sim.cli.DecideCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The integration-test harness runs its own definition on aws-local-stepfunctions against the simulated service, with the
 * real scale workflow: every scenario passes, and a simulated ECS that stops the wrong task makes every scenario fail.
 */
class IntegrationTestCommandTest {
    private static final List<String> SCENARIOS = List.of("scale-out", "scale-in-idle-beside-busy", "scale-in-to-min", "cordon-then-readmit");

    @Test
    void listPrintsTheScenarioNamesOneALine() {
        DecideCommandTest.Run run = run("integration-test", "--list");

        assertThat(run.exit()).isZero();
        assertThat(run.out().strip().split("\n")).containsExactlyElementsOf(SCENARIOS);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scale-out", "scale-in-idle-beside-busy", "scale-in-to-min", "cordon-then-readmit"})
    void everyScenarioPassesLocallyWithTheDocumentedJson(String scenario) throws IOException {
        DecideCommandTest.Run run = run("integration-test", "--local", "--scenario", scenario, "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode verdict = Json.MAPPER.readTree(run.out());
        assertThat(verdict.fieldNames()).toIterable().containsExactly("result", "scenario", "checks", "executionArn");
        assertThat(verdict.get("result").asText()).isEqualTo("PASS");
        assertThat(verdict.get("scenario").asText()).isEqualTo(scenario);
        assertThat(verdict.get("executionArn").asText()).isEqualTo("local:it-" + scenario + "-local");
        List<String> checks = new ArrayList<>();
        verdict.get("checks").forEach(c -> {
            assertThat(c.fieldNames()).toIterable().containsExactly("check", "ok", "detail");
            assertThat(c.get("ok").asBoolean()).as(c.toString()).isTrue();
            checks.add(c.get("check").asText());
        });
        assertThat(checks).anyMatch(c -> c.endsWith("no task marked busy was stopped"))
                .anyMatch(c -> c.endsWith("the service's lease was released"))
                .anyMatch(c -> c.contains("desired count is"));
    }

    @Test
    void theIdleTaskIsStoppedAndTheBusyOneKept() throws IOException {
        JsonNode verdict = Json.MAPPER.readTree(run("integration-test", "--local", "--scenario", "scale-in-idle-beside-busy", "--json").out());

        assertThat(details(verdict)).contains("desired count 2", "stopped: [sim2]", "busy tasks running: [sim1]")
                .anyMatch(d -> d.startsWith("outcome SCALED_IN (sim1: BUSY"));
    }

    @Test
    void cordonThenReadmitTakesTheBusyTaskOutAndPutsItBack() throws IOException {
        JsonNode verdict = Json.MAPPER.readTree(run("integration-test", "--local", "--scenario", "cordon-then-readmit", "--json").out());

        List<String> checks = new ArrayList<>();
        verdict.get("checks").forEach(c -> checks.add(c.get("check").asText() + " -> " + c.get("detail").asText()));
        assertThat(checks).contains("act 1 (cordon sim1 (busy)): sim1 is out of service -> target DRAINING",
                "act 2 (readmit sim1): sim1 is in service -> target REGISTERED");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scale-out", "scale-in-idle-beside-busy", "scale-in-to-min", "cordon-then-readmit"})
    void aSimulatedEcsThatStopsTheWrongTaskMakesTheScenarioFail(String scenario) throws IOException {
        DecideCommandTest.Run run = run("integration-test", "--local", "--scenario", scenario, "--inject", "ecs-stops-wrong-task", "--json");

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        JsonNode verdict = Json.MAPPER.readTree(run.out());
        assertThat(verdict.get("result").asText()).isEqualTo("FAIL");
        List<String> failed = new ArrayList<>();
        verdict.get("checks").forEach(c -> {
            if (!c.get("ok").asBoolean()) {
                failed.add(c.get("check").asText());
            }
        });
        assertThat(failed).isNotEmpty();
        if (!scenario.equals("scale-out") && !scenario.equals("scale-in-to-min")) {
            assertThat(failed).anyMatch(c -> c.endsWith("no task marked busy was stopped"));
        }
    }

    @Test
    void theTextOutputSaysPassAndEachCheck() {
        DecideCommandTest.Run run = run("integration-test", "--local", "--scenario", "scale-out");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("PASS  scale-out  local:it-scale-out-local\n  ok   act 1 (scale out to 2): the scale execution succeeded");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        assertThat(run("integration-test", "--local").err()).startsWith("error: --scenario: is required (or --list); scenarios: scale-out,");
        var unknown = run("integration-test", "--local", "--scenario", "meteor");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("error: --scenario: no scenario \"meteor\"; there are: scale-out, ");
        assertThat(run("integration-test", "--scenario", "scale-out").err()).startsWith("error: --state-machine-arn: is required to run in an account (or --local to run here)");
        assertThat(run("integration-test", "--scenario", "scale-out", "--state-machine-arn", "arn:aws:states:us-east-1:123456789012:stateMachine:x",
                "--inject", "ecs-stops-wrong-task").err()).startsWith("error: --inject: works only with --local");
        assertThat(run("integration-test", "--local", "--scenario", "scale-out", "--inject", "meteor").err())
                .startsWith("error: --inject: must be one of [ecs-stops-wrong-task], got \"meteor\"");
    }

    private static List<String> details(JsonNode verdict) {
        List<String> details = new ArrayList<>();
        verdict.get("checks").forEach(c -> details.add(c.get("detail").asText()));
        return details;
    }
}
