package dev.sessionscaler.sim.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.analyzer.InMemoryLease;
import dev.sessionscaler.analyzer.InMemoryScaleLedger;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.drain.WorkflowTiming;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.WorkflowStarter;
import dev.sessionscaler.harness.HarnessDefinition;
import dev.sessionscaler.harness.HarnessPorts;
import dev.sessionscaler.harness.HarnessSteps;
import dev.sessionscaler.reporter.EventSender;
import dev.sessionscaler.steps.PermissionEnforcer;
import dev.sessionscaler.steps.ScaleSteps;
import dev.sessionscaler.steps.StepHandlers;
import dev.sessionscaler.steps.StepsService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the integration test's own definition ({@code integration-test.asl.json}) on aws-local-stepfunctions, with its
 * real steps, against a <b>simulated</b> ECS service and target group ({@link SimulatedService}); each act's scale execution
 * runs the real scale workflow and steps on a second bridge, as {@code startExecution.sync:2} would. What is simulated:
 * ECS, the load balancer, and the tasks' own session reports (the synthetic sessions go straight to the simulated tasks,
 * which then list them in their heartbeats, instead of through SQS and the ingest function). The test service is
 * {@code local/it-service}: minTasks 1, maxTasks 10, 10 sessions a task, an ALB with a 3,600 s deregistration delay.
 */
public final class LocalIntegrationTest {
    /** The faults {@code --inject} takes. */
    public static final List<String> FAULTS = List.of("ecs-stops-wrong-task");
    static final ServiceRef REF = new ServiceRef("local", "it-service");
    private static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/it-service/local";
    private static final String SCALE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:session-scaler-scale";
    /** The deregistration delay the README recommends for session services: cordons need at least 1,800 s. */
    private static final int DELAY = 3600;
    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    /** The verdict (the Restore step's output) and how the test's own execution ended. */
    public record Outcome(JsonNode verdict, String executionStatus, String error, String cause) {
        public boolean passed() {
            return "SUCCEEDED".equals(executionStatus) && "PASS".equals(verdict.path("result").asText());
        }
    }

    private final SimulatedService service = new SimulatedService(REF,
            SimulatedService.Model.forWorkflowRuns(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, DELAY, false), 0), 2, START);
    private final ScalerConfig config = ScalerConfig.builder(1, 10, 10).build();
    private final InMemoryLease lease = new InMemoryLease();
    private final Map<String, WorkflowStarter.ExecutionStatus> executions = new HashMap<>();
    private final String fault;

    /** @param fault null, or one of {@link #FAULTS} */
    public LocalIntegrationTest(String fault) {
        if (fault != null && !FAULTS.contains(fault)) {
            throw new IllegalArgumentException("--inject: must be one of " + FAULTS + ", got \"" + fault + "\"");
        }
        this.fault = fault;
    }

    public Outcome run(String scenario) {
        ManagedService managed = new ManagedService(REF, config, TARGET_GROUP, 8443, DELAY, true);
        HarnessSteps harness = new HarnessSteps(List.of(managed), new HarnessPorts(service, service, service, service, lease,
                new InMemoryLease(), new SimulatedApp(), statusReader()), service.clock());
        PermissionEnforcer permissions = new PermissionEnforcer();
        ScaleSteps scale = new ScaleSteps(Map.of(REF, new StepsService(REF, config, TARGET_GROUP, 8443)),
                permissions.guard(new ScaleSteps.Ports(service, service, service, service, lease, new InMemoryScaleLedger())),
                Duration.ofSeconds(WorkflowTiming.defaultLeaseSeconds(DELAY)), 2, service.clock());
        Map<String, Function<JsonNode, JsonNode>> scaleHandlers = permissions.around(StepHandlers.byState(scale));
        Map<String, Function<JsonNode, JsonNode>> harnessHandlers = harness.byStep();
        String name = "it-" + scenario + "-local";
        JsonNode definition = Json.read(HarnessDefinition.text(
                "arn:aws:lambda:us-east-1:123456789012:function:session-scaler-integration-test", SCALE_MACHINE));
        try (WorkflowBridge outer = new WorkflowBridge(); WorkflowBridge inner = new WorkflowBridge()) {
            List<String> acts = new ArrayList<>();
            WorkflowBridge.TaskInvoker invoker = (state, input) -> {
                if (state.equals("RunScale")) {
                    return runScale(inner, scaleHandlers, input, acts);
                }
                return LocalWorkflowRun.invoke(Map.of(state, harnessHandlers.get(input.path("step").asText())), state, input);
            };
            ObjectNode input = Json.MAPPER.createObjectNode().put("scenario", scenario);
            WorkflowBridge.Execution execution = outer.run(name, definition, input, invoker, service::advance);
            JsonNode verdict = execution.output() == null ? Json.MAPPER.createObjectNode().put("result", "FAIL").put("scenario", scenario)
                    : execution.output();
            return new Outcome(verdict, execution.status(), execution.error(), execution.cause());
        }
    }

    /** The scale execution of one act, on the inner bridge; answers as {@code startExecution.sync:2} does. */
    private JsonNode runScale(WorkflowBridge inner, Map<String, Function<JsonNode, JsonNode>> handlers, JsonNode input,
                              List<String> acts) throws WorkflowBridge.TaskFailure {
        String name = input.path("Name").asText();
        if (acts.isEmpty() && "ecs-stops-wrong-task".equals(fault)) {
            stopWrongTask();
        }
        acts.add(name);
        executions.put(name, WorkflowStarter.ExecutionStatus.RUNNING);
        WorkflowBridge.Execution run = inner.run(name, LocalWorkflowRun.definition(), input.path("Input"),
                (state, in) -> LocalWorkflowRun.invoke(handlers, state, in), service::advance);
        executions.put(name, WorkflowStarter.ExecutionStatus.valueOf(run.status()));
        if (!run.status().equals("SUCCEEDED")) {
            throw new WorkflowBridge.TaskFailure("States.TaskFailed", "scale execution " + name + " ended " + run.status()
                    + ": " + run.error() + " " + run.cause());
        }
        ObjectNode result = Json.MAPPER.createObjectNode().put("ExecutionArn", "local:" + name).put("Status", run.status());
        result.set("Output", run.output());
        return result;
    }

    /**
     * The injected fault: the simulated ECS stops a task the test marked busy (the first), or, in a scenario with no busy
     * task, the last one prepared, as the first act's scale execution starts. Whatever the act, the harness must say FAIL.
     */
    private void stopWrongTask() {
        List<SimulatedService.TaskView> running = service.runningTasks().stream()
                .sorted(java.util.Comparator.comparing(SimulatedService.TaskView::taskArn)).toList();
        SimulatedService.TaskView wrong = running.stream().filter(t -> t.sessions() > 0).findFirst().orElse(running.get(running.size() - 1));
        service.crash(wrong.taskArn());
    }


    private WorkflowStarter statusReader() {
        return new WorkflowStarter() {
            @Override
            public StartResult start(ScaleEvent event, String executionName) {
                throw new UnsupportedOperationException("the harness only reads executions' status");
            }

            @Override
            public ExecutionStatus status(String executionName) {
                return executions.getOrDefault(executionName, ExecutionStatus.NOT_FOUND);
            }
        };
    }

    /**
     * <b>Simulated</b> session reporting: a START or END the test sends goes straight to the simulated task (its
     * heartbeats then list the session); the test's heartbeats are dropped, since each simulated task sends its own.
     */
    private final class SimulatedApp implements EventSender {
        @Override
        public List<Outcome> send(List<String> bodies) {
            for (String body : bodies) {
                JsonNode event = Json.read(body);
                String task = event.path("taskArn").asText();
                switch (event.path("type").asText()) {
                    case "SESSION_STARTED" -> service.addSession(task, event.path("sessionId").asText());
                    case "SESSION_ENDED" -> service.endSession(task, event.path("sessionId").asText());
                    default -> { }
                }
            }
            return bodies.stream().map(b -> Outcome.SENT).toList();
        }
    }
}
