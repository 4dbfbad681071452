package dev.sessionscaler.sim.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.drain.DrainTiming;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.steps.ScaleSteps;
import dev.sessionscaler.steps.StepHandlers;
import dev.sessionscaler.steps.StepsService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Executes the real {@code scale-workflow.asl.json} on aws-local-stepfunctions against a
 * {@link SimulatedService}, with every Task state answered by the steps' handlers and time virtual.
 */
public final class LocalWorkflowRun {
    public static final String EXECUTION_NAME = "local-run";
    private static final Pattern FUNCTION_ARN = Pattern.compile("\\$\\{([A-Za-z]+)FunctionArn}");

    public record Result(String executionStatus, String outcome, int stateTransitions, List<String> statesVisited,
                         List<String> stoppedTasks, int desiredCountAfter, int sessionsInterrupted, boolean leaseReleased,
                         String error, String cause) {
    }

    private final SimulatedService service;
    private final LocalLease lease = new LocalLease();
    private final ScaleSteps steps;
    private final ServiceRef ref;

    public LocalWorkflowRun(DecisionInput fleet, int deregistrationDelaySeconds) {
        ref = fleet.fleet().service().ref();
        service = new SimulatedService(fleet.fleet(), fleet.now(), deregistrationDelaySeconds,
                fleet.config().heartbeatStalenessSeconds());
        StepsService managed = new StepsService(ref, fleet.config(),
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/" + ref.service() + "/local", 8443,
                DrainTiming.forDelay(deregistrationDelaySeconds));
        steps = new ScaleSteps(Map.of(ref, managed), new ScaleSteps.Ports(service, service, service, service, lease),
                Duration.ofHours(1), 2, service.clock());
    }

    public SimulatedService service() {
        return service;
    }

    /** Throws {@code InvalidPayloadException} naming the field if the payload is not a valid scale event. */
    public void validate(JsonNode payload) {
        steps.plan(payload, EXECUTION_NAME);
    }

    public static JsonNode definition() {
        try (InputStream in = ScaleSteps.class.getResourceAsStream("/scale-workflow.asl.json")) {
            if (in == null) {
                throw new IllegalStateException("scale-workflow.asl.json is not on the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = FUNCTION_ARN.matcher(text);
            text = m.replaceAll(r -> "arn:aws:lambda:us-east-1:123456789012:function:session-scaler-" + r.group(1));
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of all Task states, nested ones included. */
    public static Set<String> taskStates(JsonNode definition) {
        Set<String> names = new HashSet<>();
        definition.path("States").fields().forEachRemaining(e -> {
            if ("Task".equals(e.getValue().path("Type").asText())) {
                names.add(e.getKey());
            }
            JsonNode nested = e.getValue().has("ItemProcessor") ? e.getValue().get("ItemProcessor") : e.getValue().get("Iterator");
            if (nested != null) {
                names.addAll(taskStates(nested));
            }
        });
        return names;
    }

    /** Answers a Task state with its step handler, failing it as Lambda would when the handler throws. */
    public static JsonNode invoke(Map<String, Function<JsonNode, JsonNode>> handlers, String state, JsonNode input)
            throws WorkflowBridge.TaskFailure {
        try {
            return handlers.get(state).apply(input);
        } catch (RuntimeException e) {
            // Lambda reports a Java exception by its class name, which is what Retry and Catch match
            throw new WorkflowBridge.TaskFailure(e.getClass().getName(), String.valueOf(e.getMessage()));
        }
    }

    public Result run(JsonNode payload, List<Fault> faults, WorkflowBridge bridge) {
        Map<String, Function<JsonNode, JsonNode>> handlers = StepHandlers.byState(steps);
        Set<String> failedOnce = new HashSet<>();
        for (Fault fault : faults) {
            switch (fault.kind()) {
                case "session-during-drain" -> service.onDeregister(arn -> service.after(60, () -> service.addSession(arn)));
                case "task-vanished" -> service.onDeregister(arn -> service.after(60, () -> service.crash(arn)));
                case "slow-drain" -> service.onDeregister(service::holdIdleConnections);
                case "heartbeat-lost" -> service.onDeregister(arn -> service.silence(arn, 86_400));
                default -> { }
            }
        }
        List<JsonNode> finalizeResults = new ArrayList<>();
        WorkflowBridge.TaskInvoker invoker = (state, input) -> {
            for (Fault fault : faults) {
                if (state.equals(fault.state()) && failedOnce.add(fault.kind() + ":" + state)) {
                    if (fault.kind().equals("lost-response")) {
                        handlers.get(state).apply(input);  // it ran; Step Functions never hears back
                        throw new WorkflowBridge.TaskFailure("Lambda.ServiceException", "response lost (injected)");
                    }
                    throw fault.kind().equals("throttle")
                            ? new WorkflowBridge.TaskFailure("dev.sessionscaler.steps.TransientAwsException", "ThrottlingException: Rate exceeded (injected)")
                            : new WorkflowBridge.TaskFailure("Lambda.ServiceException", "Lambda service error (injected)");
                }
            }
            JsonNode output = invoke(handlers, state, input);
            if (state.equals("Finalize")) {
                finalizeResults.add(output);
            }
            return output;
        };
        WorkflowBridge.Execution execution = bridge.run(EXECUTION_NAME, definition(), payload, invoker, service::advance);
        JsonNode finalized = finalizeResults.isEmpty() ? Json.MAPPER.createObjectNode() : finalizeResults.get(finalizeResults.size() - 1);
        List<String> stopped = new ArrayList<>();
        finalized.path("stoppedTasks").forEach(t -> {
            if (!service.isLive(t.asText())) {
                stopped.add(t.asText());
            }
        });
        return new Result(execution.status(), finalized.path("outcome").asText("ABORTED"), execution.stateTransitions(),
                execution.statesVisited(), stopped, service.desiredCount(), service.sessionsInterrupted(), lease.isFree(ref),
                execution.error(), execution.cause());
    }
}
