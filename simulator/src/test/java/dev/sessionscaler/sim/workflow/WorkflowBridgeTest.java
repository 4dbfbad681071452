package dev.sessionscaler.sim.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Node bridge to aws-local-stepfunctions, on a definition using every construct the workflow needs. */
class WorkflowBridgeTest {
    private static WorkflowBridge bridge;

    /**
     * Prepare (retried on a named Java error) -> Drain: Map over $.items, max 2 at a time, each item
     * Mark -> Pause (a Wait of 240 s) -> Check -> IsDone (Choice; "again" loops through Recheck, 60 s)
     * -> Stop (caught: any failure goes to Recover) -> Finish.
     */
    static final String DEFINITION = """
            {"StartAt": "Prepare", "States": {
              "Prepare": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:prepare",
                          "Retry": [{"ErrorEquals": ["dev.sessionscaler.steps.TransientAwsException"], "IntervalSeconds": 2,
                                     "BackoffRate": 2, "MaxAttempts": 3}], "Next": "Drain"},
              "Drain": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ResultPath": "$.drained",
                        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Mark", "States": {
                          "Mark": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:mark", "Next": "Pause"},
                          "Pause": {"Type": "Wait", "Seconds": 240, "Next": "Check"},
                          "Check": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:check", "Next": "IsDone"},
                          "IsDone": {"Type": "Choice", "Choices": [{"Variable": "$.verdict", "StringEquals": "again", "Next": "Recheck"}],
                                     "Default": "Drained"},
                          "Recheck": {"Type": "Wait", "Seconds": 60, "Next": "Check"},
                          "Drained": {"Type": "Succeed"}}}, "Next": "Stop"},
              "Stop": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:stop",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "Recover"}], "Next": "Finish"},
              "Recover": {"Type": "Pass", "Result": "recovered", "ResultPath": "$.outcome", "Next": "Finish"},
              "Finish": {"Type": "Succeed"}}}
            """;

    @BeforeAll
    static void start() {
        bridge = new WorkflowBridge();
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @Test
    void javaAnswersEveryTaskAndTheVirtualClockEveryWait() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicInteger prepareCalls = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        List<String> calls = new ArrayList<>();
        WorkflowBridge.TaskInvoker tasks = (state, input) -> {
            calls.add(state + "@" + clock.get());
            switch (state) {
                case "Prepare" -> {
                    if (prepareCalls.incrementAndGet() == 1) {
                        throw new WorkflowBridge.TaskFailure("dev.sessionscaler.steps.TransientAwsException", "ThrottlingException");
                    }
                    var items = Json.MAPPER.createObjectNode();
                    items.putArray("items").add(Json.MAPPER.createObjectNode().put("id", "a"))
                            .add(Json.MAPPER.createObjectNode().put("id", "b"));
                    return items;
                }
                case "Check" -> {
                    // item "a" needs one more check, "b" is drained at once
                    boolean again = input.path("id").asText().equals("a") && checks.incrementAndGet() == 1;
                    return Json.MAPPER.createObjectNode().put("id", input.path("id").asText()).put("verdict", again ? "again" : "drained");
                }
                case "Stop" -> throw new WorkflowBridge.TaskFailure("dev.sessionscaler.steps.StopFailed", "ECS refused");
                default -> {
                    return input;
                }
            }
        };

        WorkflowBridge.Execution execution = bridge.run("exec-1", Json.MAPPER.readTree(DEFINITION),
                Json.MAPPER.createObjectNode(), tasks, clock::addAndGet);

        assertThat(execution.status()).isEqualTo("SUCCEEDED");
        assertThat(prepareCalls.get()).as("retried after the named Java error").isEqualTo(2);
        assertThat(execution.output().get("outcome").asText()).isEqualTo("recovered");
        assertThat(execution.output().at("/failure/Error").asText()).isEqualTo("dev.sessionscaler.steps.StopFailed");
        assertThat(execution.output().get("drained")).hasSize(2);
        assertThat(clock.get()).as("two 240 s waits and one 60 s recheck, in virtual time").isEqualTo(240 + 240 + 60);
        assertThat(execution.statesVisited()).containsSubsequence("Prepare", "Drain", "Mark", "Pause", "Check", "IsDone", "Stop", "Recover", "Finish");
        assertThat(execution.statesVisited()).filteredOn("Recheck"::equals).hasSize(1);
        // Prepare, Drain, 2 x (Mark, Pause, Check, IsDone, Drained), Recheck, Check, IsDone, Stop, Recover, Finish + 1 retry
        assertThat(execution.stateTransitions()).isEqualTo(2 + 10 + 3 + 3 + 1);
    }

    @Test
    void anUnhandledJavaFailureFailsTheExecutionWithItsName() throws Exception {
        JsonNode definition = Json.MAPPER.readTree("""
                {"StartAt": "Only", "States": {"Only": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:only", "End": true}}}""");
        WorkflowBridge.Execution execution = bridge.run("exec-2", definition, Json.MAPPER.createObjectNode(),
                (state, input) -> { throw new WorkflowBridge.TaskFailure("java.lang.IllegalStateException", "boom"); }, s -> { });

        assertThat(execution.status()).isEqualTo("FAILED");
        assertThat(execution.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(execution.cause()).isEqualTo("boom");
    }
}
