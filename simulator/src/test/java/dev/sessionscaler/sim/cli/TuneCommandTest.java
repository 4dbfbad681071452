package dev.sessionscaler.sim.cli;

import static dev.sessionscaler.sim.cli.DecideCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.sim.scenario.ScenarioTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {
    /** Forty minutes of the scenario tests' small service: a ramp, so settings change the outcome. */
    private static final String SMALL = ScenarioTest.SMALL.replace("\"durationMinutes\": 120", "\"durationMinutes\": 40")
            .replace("\"atMinute\": 60", "\"atMinute\": 20");

    @TempDir
    Path dir;

    @Test
    void aSmallGridRecommendsTheCheapestCandidateThatCutNothingAndRefusedNoMoreThanTheGivenOne() throws IOException {
        Path scenario = Files.writeString(dir.resolve("small.json"), SMALL);

        DecideCommandTest.Run run = run("tune", "--scenario", scenario.toString(), "--grid", "small", "--workers", "2", "--out",
                dir.resolve("out").toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode document = Json.MAPPER.readTree(run.out());
        assertThat(document.fieldNames()).toIterable().containsExactly("recommended", "baseline", "candidates");
        JsonNode candidates = document.get("candidates");
        assertThat(candidates).as("the given configuration and 2 targets x 2 scale-in modes").hasSize(5);
        assertThat(candidates.get(0).fieldNames()).toIterable().containsExactly("config", "efficiency", "sessionsRejected",
                "sessionsInterrupted", "taskMinutes", "monthlyTaskCostUsd");
        int allowedRejected = document.get("baseline").get("sessionsRejected").asInt();
        List<JsonNode> acceptable = new ArrayList<>();
        candidates.forEach(c -> {
            if (c.get("sessionsInterrupted").asInt() == 0 && c.get("sessionsRejected").asInt() <= allowedRejected) {
                acceptable.add(c);
            }
        });
        double cheapest = acceptable.stream().mapToDouble(c -> c.get("taskMinutes").asDouble()).min().orElseThrow();
        JsonNode recommended = document.get("recommended");
        assertThat(recommended.get("dryRun").asBoolean()).as("given in dry run, to be deployed watching first").isTrue();
        JsonNode simulated = ((com.fasterxml.jackson.databind.node.ObjectNode) recommended.deepCopy()).put("dryRun", false);
        JsonNode recommendedRow = acceptable.stream().filter(c -> c.get("config").equals(simulated)).findFirst().orElseThrow();
        assertThat(recommendedRow.get("taskMinutes").asDouble()).isEqualTo(cheapest);
        ScalerConfig parsed = ScalerConfig.fromJson(JsonInput.parseObject(recommended.toString()));
        JsonNode roundTrip = Json.MAPPER.valueToTree(parsed);
        assertThat(roundTrip).as("valid ScalerConfig input as it is").isEqualTo(recommended);
        assertThat(dir.resolve("out/tune.html")).content().contains("Recommended ScalerConfig", "recommended");
    }

    @Test
    void theTableMarksTheRecommendationAndTheGivenConfiguration() throws IOException {
        Path scenario = Files.writeString(dir.resolve("small.json"), SMALL.replace("\"durationMinutes\": 40", "\"durationMinutes\": 10")
                .replace("\"atMinute\": 20", "\"atMinute\": 5"));

        DecideCommandTest.Run run = run("tune", "--scenario", scenario.toString(), "--grid", "SMALL", "--out", dir.resolve("out").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("target", "scaleIn", "tasks $/mo", "\"scaleInMode\"").containsPattern("(?m)^(best|given\\*)");
        assertThat(run.err()).contains("tune page: ");
    }

    @Test
    void workersOutOfRangeAreRefused() {
        DecideCommandTest.Run run = run("tune", "--workers", "0");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --workers: must be between 1 and 64, got 0");
    }
}
