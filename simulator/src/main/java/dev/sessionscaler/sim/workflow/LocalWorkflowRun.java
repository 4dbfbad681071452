package dev.sessionscaler.sim.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.analyzer.InMemoryLease;
import dev.sessionscaler.analyzer.InMemoryScaleLedger;
import dev.sessionscaler.analyzer.Reconciler;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.drain.WorkflowTiming;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.TaskMark;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.port.WorkflowStarter;
import dev.sessionscaler.core.runtime.StructuredLog;
import dev.sessionscaler.steps.ScaleSteps;
import dev.sessionscaler.steps.StepHandlers;
import dev.sessionscaler.steps.PermissionEnforcer;
import dev.sessionscaler.steps.StepsService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Executes the real {@code scale-workflow.asl.json} on aws-local-stepfunctions against a {@link SimulatedService}, with
 * every Task state answered by the steps' handlers and time virtual; the lease and the ledger are the in-memory
 * versions of the DynamoDB ones. When the execution dies (fault {@code execution-dies}), one analyzer reconciliation
 * runs after it, as the next minute's would, and its {@code recover} execution runs on the same bridge.
 */
public final class LocalWorkflowRun {
    public static final String EXECUTION_NAME = "local-run";
    private static final Pattern FUNCTION_ARN = Pattern.compile("\\$\\{([A-Za-z]+)FunctionArn}");

    /**
     * @param stoppedTasks   tasks the simulated ECS stopped during the run (victims or not)
     * @param protectedTasks tasks with scale-in protection on when the run ends, by anyone
     * @param leftBehind     ledger entries (marks, protection and stop records) executions left when the run ends
     * @param reconciliation what the analyzer's reconciliation did after the execution died; null if it did not die
     */
    public record Result(String executionStatus, String outcome, int stateTransitions, List<String> statesVisited,
                         List<String> stoppedTasks, int desiredCountAfter, int sessionsInterrupted, boolean leaseReleased,
                         List<String> protectedTasks, int leftBehind, String error, String cause, Reconciliation reconciliation) {
    }

    /** One reconciliation after a dead execution: the recovery it started and how that ended. */
    public record Reconciliation(String deadExecution, String deadExecutionStatus, String recoveryExecution,
                                 String recoveryStatus, String recoveryOutcome) {
    }

    private final SimulatedService service;
    private final InMemoryLease lease = new InMemoryLease();
    private final InMemoryScaleLedger ledger = new InMemoryScaleLedger();
    private final ScaleSteps steps;
    /** Each step may call only what its function is granted in AWS. */
    private final PermissionEnforcer permissions = new PermissionEnforcer();
    private final ServiceRef ref;
    private final Duration leaseDuration;
    private final Map<String, WorkflowStarter.ExecutionStatus> statuses = new HashMap<>();
    private int largestStateBytes;
    private final List<java.util.function.BiConsumer<String, JsonNode>> afterTask = new ArrayList<>();

    /** Behind an ALB with this deregistration delay that stops routing to a deregistered target at once. */
    public LocalWorkflowRun(DecisionInput fleet, int deregistrationDelaySeconds) {
        this(fleet, SimulatedService.Model.forWorkflowRuns(
                new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, deregistrationDelaySeconds, false), 0));
    }

    /** Behind the load balancer {@code model} describes (its kind, delay and deregistration lag). */
    public LocalWorkflowRun(DecisionInput fleet, SimulatedService.Model model) {
        int deregistrationDelaySeconds = model.targetGroup().deregistrationDelaySeconds();
        ref = fleet.fleet().service().ref();
        service = new SimulatedService(fleet.fleet(), fleet.now(), model, fleet.config().heartbeatStalenessSeconds());
        for (TaskState task : fleet.fleet().tasks()) {
            if (task.draining()) {
                // already out of service when the run begins: a cordon at rest, nobody's work in progress
                ledger.putMark(ref, new TaskMark(task.taskArn(), TaskMark.Kind.CORDONED, null, fleet.now(), fleet.now().plusSeconds(3600)));
            }
        }
        StepsService managed = new StepsService(ref, fleet.config(),
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/" + ref.service() + "/local", 8443);
        leaseDuration = Duration.ofSeconds(WorkflowTiming.defaultLeaseSeconds(deregistrationDelaySeconds));
        steps = new ScaleSteps(Map.of(ref, managed), permissions.guard(new ScaleSteps.Ports(service, service, service, service, lease, ledger)),
                leaseDuration, 2, service.clock());
    }

    public SimulatedService service() {
        return service;
    }

    public ScaleLedger ledger() {
        return ledger.read(ref);
    }

    /** Writes a mark as another execution would (tests). */
    public void putMark(TaskMark mark) {
        ledger.putMark(ref, mark);
    }

    /** Runs {@code action} with the state's name and output each time a Task state has done its work (tests). */
    public void afterTask(java.util.function.BiConsumer<String, JsonNode> action) {
        afterTask.add(action);
    }

    /** The largest input any Task state was given, in bytes of JSON: the execution state's size (Step Functions allows 256 KiB). */
    public int largestStateBytes() {
        return largestStateBytes;
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
        Map<String, Function<JsonNode, JsonNode>> handlers = permissions.around(StepHandlers.byState(steps));
        armWorldFaults(payload, faults);
        List<JsonNode> finalized = new ArrayList<>();
        Set<String> firedOnce = new HashSet<>();
        WorkflowBridge.TaskInvoker invoker = (state, input) -> {
            largestStateBytes = Math.max(largestStateBytes, input.toString().getBytes(StandardCharsets.UTF_8).length);
            for (Fault fault : faults) {
                if (state.equals(fault.state()) && !fault.kind().equals("execution-dies") && firedOnce.add(fault.kind() + ":" + state)) {
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
            afterTask.forEach(action -> action.accept(state, output));
            afterTask(state, input, output, faults, firedOnce);
            if (state.equals("Finalize")) {
                finalized.add(output);
            }
            return output;
        };
        statuses.put(EXECUTION_NAME, WorkflowStarter.ExecutionStatus.RUNNING);
        WorkflowBridge.Execution execution = bridge.run(EXECUTION_NAME, definition(), payload, invoker, service::advance);
        statuses.put(EXECUTION_NAME, WorkflowStarter.ExecutionStatus.valueOf(execution.status()));
        Reconciliation reconciliation = null;
        String outcome;
        if (execution.status().equals("ABORTED")) {
            outcome = "STOPPED_BY_HAND";
            reconciliation = reconcile(bridge, handlers);
        } else {
            outcome = finalized.isEmpty() ? "ABORTED" : finalized.get(finalized.size() - 1).path("outcome").asText("ABORTED");
        }
        ScaleLedger left = ledger.read(ref);
        int leftBehind = (int) left.marks().stream().filter(TaskMark::held).count() + left.protections().size() + left.stops().size();
        return new Result(execution.status(), outcome, execution.stateTransitions(), execution.statesVisited(),
                service.stoppedByEcs(), service.desiredCount(), service.sessionsInterrupted(), lease.isFree(ref),
                List.copyOf(new TreeSet<>(service.protectedTasks())), leftBehind, execution.error(), execution.cause(), reconciliation);
    }

    /** Faults that change the simulated world rather than a task's answer. */
    private void armWorldFaults(JsonNode payload, List<Fault> faults) {
        for (Fault fault : faults) {
            switch (fault.kind()) {
                case "session-during-drain" -> service.onDeregister(arn -> service.after(60, () -> service.addSession(arn)));
                case "task-vanished" -> service.onDeregister(arn -> service.after(60, () -> service.crash(arn)));
                case "slow-drain" -> service.onDeregister(service::holdIdleConnections);
                case "heartbeat-lost" -> service.onDeregister(arn -> service.silence(arn, 86_400));
                case "victim-never-stops" -> payload.path("tasks").forEach(t -> {
                    if (service.isLive(t.asText())) {
                        service.neverStop(t.asText());
                    }
                });
                default -> { }
            }
        }
    }

    /** Faults that happen right after a task state has done its work. */
    private void afterTask(String state, JsonNode input, JsonNode output, List<Fault> faults, Set<String> firedOnce) {
        for (Fault fault : faults) {
            if (fault.kind().equals("app-protects-victim") && state.equals("VerifyVictims") && firedOnce.add("app-protects-victim")) {
                output.path("victims").forEach(v -> {
                    service.appProtect(v.path("taskArn").asText(), 120);
                    service.addSession(v.path("taskArn").asText());
                });
            }
            if (fault.kind().equals("app-protects-other") && state.equals("ProtectOthers") && firedOnce.add("app-protects-other")) {
                Set<String> victims = new HashSet<>();
                input.path("plan").path("stopping").forEach(v -> victims.add(v.asText()));
                service.runningTasks().stream().map(SimulatedService.TaskView::taskArn).filter(t -> !victims.contains(t))
                        .findFirst().ifPresent(t -> service.appProtect(t, 45));
            }
            if (fault.kind().equals("execution-dies") && state.equals(fault.state()) && firedOnce.add("execution-dies")) {
                throw new WorkflowBridge.StopExecution(state);
            }
        }
    }

    /** The next minute's analyzer reconciliation, with a local Step Functions that runs its recovery on the bridge. */
    private Reconciliation reconcile(WorkflowBridge bridge, Map<String, Function<JsonNode, JsonNode>> handlers) {
        service.advance(60);
        List<WorkflowBridge.Execution> recoveries = new ArrayList<>();
        WorkflowStarter local = new WorkflowStarter() {
            @Override
            public StartResult start(ScaleEvent event, String executionName) {
                if (statuses.containsKey(executionName)) {
                    return statuses.get(executionName).live() ? StartResult.ALREADY_RUNNING : StartResult.ALREADY_FINISHED;
                }
                statuses.put(executionName, ExecutionStatus.RUNNING);
                WorkflowBridge.Execution run = bridge.run(executionName, definition(), Json.MAPPER.valueToTree(event.payload()),
                        (state, input) -> invoke(handlers, state, input), service::advance);
                statuses.put(executionName, ExecutionStatus.valueOf(run.status()));
                recoveries.add(run);
                return StartResult.STARTED;
            }

            @Override
            public ExecutionStatus status(String executionName) {
                return statuses.getOrDefault(executionName, ExecutionStatus.NOT_FOUND);
            }
        };
        Reconciler.Result result = new Reconciler(lease, ledger, local, leaseDuration,
                new StructuredLog(new PrintStream(OutputStream.nullOutputStream()), service.clock()))
                .reconcile(ref, service.now(), service.now());
        WorkflowBridge.Execution recovery = recoveries.isEmpty() ? null : recoveries.get(0);
        return new Reconciliation(EXECUTION_NAME, statuses.get(EXECUTION_NAME).name(), result.recovery(),
                recovery == null ? null : recovery.status(),
                recovery == null ? null : recovery.output().path("outcome").path("outcome").asText(null));
    }
}
