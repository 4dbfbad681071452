package dev.sessionscaler.sim.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.steps.StepHandlers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scale-workflow.asl.json is valid ASL (asl-validator) and matches the step code. */
class WorkflowDefinitionTest {
    @TempDir
    Path dir;

    @Test
    void theDefinitionPassesAslValidator() throws Exception {
        Path definition = dir.resolve("scale-workflow.json");
        Files.writeString(definition, Json.writePretty(LocalWorkflowRun.definition()));
        Path driver = WorkflowBridge.driverDirectory();
        Process validator = new ProcessBuilder("node", driver.resolve("node_modules/asl-validator/dist/bin/asl-validator.js").toString(),
                "--json-path", definition.toString()).redirectErrorStream(true).start();
        String output = new String(validator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validator.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(validator.exitValue()).as(output).isZero();
    }

    @Test
    void everyTaskStateHasAStepAndEveryStepATaskState() {
        assertThat(LocalWorkflowRun.taskStates(LocalWorkflowRun.definition()))
                .containsExactlyInAnyOrderElementsOf(StepHandlers.states());
    }

    @Test
    void everyTaskRetriesTransientErrorsAndEveryFunctionIsASubstitution() throws IOException {
        String raw;
        try (var in = dev.sessionscaler.steps.ScaleSteps.class.getResourceAsStream("/scale-workflow.asl.json")) {
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode definition = Json.MAPPER.readTree(raw);
        List<JsonNode> tasks = new ArrayList<>();
        collectTasks(definition, tasks);
        assertThat(tasks).isNotEmpty().allSatisfy(task -> {
            assertThat(task.path("Resource").asText()).matches("\\$\\{[A-Za-z]+FunctionArn}");
            assertThat(task.path("Retry").get(0).path("ErrorEquals").toString())
                    .contains("dev.sessionscaler.steps.TransientAwsException", "Lambda.ServiceException");
        });
    }

    private static void collectTasks(JsonNode machine, List<JsonNode> tasks) {
        machine.path("States").forEach(state -> {
            if ("Task".equals(state.path("Type").asText())) {
                tasks.add(state);
            }
            if (state.has("ItemProcessor")) {
                collectTasks(state.get("ItemProcessor"), tasks);
            }
        });
    }
}
