package dev.sessionscaler.sim.cli;

import static dev.sessionscaler.sim.cli.DecideCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWorkflowCommandTest {
    private static final String FLEET = Path.of("..", "examples", "fleet.json").toString();
    private static final String SCALE_IN = Path.of("..", "examples", "scale-in.json").toString();

    @TempDir
    Path dir;

    @Test
    void jsonResultHasTheDocumentedShape() throws IOException {
        DecideCommandTest.Run run = run("run-workflow", "--input", SCALE_IN, "--fleet", FLEET, "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(run.out());
        assertThat(result.fieldNames()).toIterable().containsExactly("executionStatus", "outcome", "stateTransitions",
                "statesVisited", "stoppedTasks", "desiredCountAfter", "sessionsInterrupted", "leaseReleased", "protectedTasks", "leftBehind");
        assertThat(result.get("executionStatus").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.get("outcome").asText()).isEqualTo("SCALED_IN");
        assertThat(result.get("stoppedTasks").get(0).asText()).endsWith("/1c2d");
        assertThat(result.get("desiredCountAfter").asInt()).isEqualTo(3);
        assertThat(result.get("sessionsInterrupted").asInt()).isZero();
        assertThat(result.get("leaseReleased").asBoolean()).isTrue();
        assertThat(result.get("stateTransitions").asInt()).isLessThanOrEqualTo(25);
    }

    @Test
    void anInvalidPayloadExitsWithTwoNamingTheField() throws IOException {
        Path payload = dir.resolve("payload.json");
        Files.writeString(payload, "{\"action\": \"scale-in\", \"cluster\": \"demo\", \"service\": \"rdp\", \"tasks\": [\"i-123\"]}");

        DecideCommandTest.Run run = run("run-workflow", "--input", payload.toString(), "--fleet", FLEET);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: " + payload + ": tasks[0]: must be a task ARN of cluster \"demo\"");
    }

    @Test
    void unknownFaultsAndDelaysAreRejected() {
        assertThat(run("run-workflow", "--input", SCALE_IN, "--fleet", FLEET, "--inject", "meteor").err())
                .startsWith("error: --inject: unknown fault \"meteor\"");
        var tooLong = run("run-workflow", "--input", SCALE_IN, "--fleet", FLEET, "--deregistration-delay", "3601");
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).startsWith("error: --deregistration-delay: must be between 0 and 3600 seconds (what a target group allows)");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "delay {0} s")
    @org.junit.jupiter.params.provider.CsvSource({"0, NOOP", "30, NOOP", "299, NOOP", "300, SCALED_IN", "3600, SCALED_IN"})
    void everyDelayAwsAllowsIsAcceptedAndCutsNothing(String delay, String outcome) throws IOException {
        // a delay too short to see a late session is accepted as input; the scale-in is refused with the reason
        var run = run("run-workflow", "--input", SCALE_IN, "--fleet", FLEET, "--deregistration-delay", delay, "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode result = Json.MAPPER.readTree(run.out());
        assertThat(result.get("outcome").asText()).isEqualTo(outcome);
        assertThat(result.get("sessionsInterrupted").asInt()).isZero();
    }
}
