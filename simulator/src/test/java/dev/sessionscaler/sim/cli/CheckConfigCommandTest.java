package dev.sessionscaler.sim.cli;

import static dev.sessionscaler.sim.cli.DecideCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.DeploymentConfig;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.JsonInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "deploy-config.json");

    @TempDir
    Path dir;

    @Test
    void theExampleIsValidAndItsServicesAreSummarised() throws IOException {
        DecideCommandTest.Run run = run("check-config", EXAMPLE.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode document = Json.MAPPER.readTree(run.out());
        assertThat(document.get("valid").asBoolean()).isTrue();
        assertThat(document.get("services").get(0).get("service").asText()).isEqualTo("demo/rdp");
        assertThat(document.get("services").get(0).get("dryRun").asBoolean()).isTrue();
        assertThat(run("check-config", EXAMPLE.toString()).out()).contains(": valid; 1 service", "demo/rdp: 2 to 20 tasks",
                "dry run");
    }

    @Test
    void anInvalidConfigExitsWithTwoAndTheMessageSynthesisGives() throws IOException {
        String text = Files.readString(EXAMPLE).replace("\"deregistrationDelaySeconds\": 300", "\"deregistrationDelaySeconds\": 3600")
                .replace("\"drainConcurrency\": 2", "\"drainConcurrency\": 2, \"leaseSeconds\": 3600");
        Path file = Files.writeString(dir.resolve("deploy.json"), text);
        InvalidInputException synthesis = catchThrowableOfType(() -> DeploymentConfig.fromJson(JsonInput.parseObject(text)),
                InvalidInputException.class);

        DecideCommandTest.Run run = run("check-config", file.toString());

        assertThat(synthesis).as("a lease shorter than the longest drain").isNotNull();
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("error: " + file + ": " + synthesis.getMessage());
    }

    @Test
    void theAnalyzersFanOutIsConfigurableWithinItsBoundsAndDefaultsOtherwise() throws IOException {
        String example = Files.readString(EXAMPLE);
        assertThat(DeploymentConfig.fromJson(JsonInput.parseObject(example)).analyzer()).isEqualTo(DeploymentConfig.AnalyzerScale.DEFAULTS);
        String tuned = example.replace("\"drainConcurrency\": 2", "\"drainConcurrency\": 2, \"analyzer\": {\"concurrency\": 16, \"ecsReadsPerSecond\": 40}");
        assertThat(DeploymentConfig.fromJson(JsonInput.parseObject(tuned)).analyzer()).isEqualTo(new DeploymentConfig.AnalyzerScale(16, 40, 10));

        String tooMany = example.replace("\"drainConcurrency\": 2", "\"drainConcurrency\": 2, \"analyzer\": {\"concurrency\": 65}");
        DecideCommandTest.Run run = run("check-config", Files.writeString(dir.resolve("deploy.json"), tooMany).toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("analyzer.concurrency: must be between 1 and 64, got 65");
        String unknown = example.replace("\"drainConcurrency\": 2", "\"drainConcurrency\": 2, \"analyzer\": {\"workers\": 4}");
        assertThat(run("check-config", Files.writeString(dir.resolve("unknown.json"), unknown).toString()).err()).contains("analyzer");
    }

    @Test
    void aMissingFileIsNamed() {
        DecideCommandTest.Run run = run("check-config", dir.resolve("none.json").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: FILE: no such file: ");
    }
}
