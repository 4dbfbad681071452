package dev.sessionscaler.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.drain.DrainTiming;
import dev.sessionscaler.sim.workflow.Fault;
import dev.sessionscaler.sim.workflow.LocalWorkflowRun;
import dev.sessionscaler.sim.workflow.WorkflowBridge;
import dev.sessionscaler.steps.InvalidPayloadException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code session-scaler run-workflow}: the real scale workflow on aws-local-stepfunctions against a simulated service. */
@Command(name = "run-workflow", mixinStandardHelpOptions = true,
        header = "Run the real scale workflow on this machine against a simulated ECS service.",
        description = {"Execute the real scale-workflow.asl.json locally (aws-local-stepfunctions under Node, task states",
                "answered by the real step code, waits in virtual time) against a simulated ECS service and target group",
                "seeded from a fleet file in the 'decide' format. Nothing in AWS is touched."})
final class RunWorkflowCommand implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "The execution input: a scale event payload (see README, manual execution payloads).")
    String input;

    @Option(names = {"-f", "--fleet"}, required = true, paramLabel = "FILE",
            description = "The simulated service's starting state, in the 'decide' input format; its 'now' starts the clock.")
    String fleet;

    @Option(names = "--inject", paramLabel = "FAULT",
            description = "Inject a fault (repeatable): throttle:<State>, lambda-failure:<State>, lost-response:<State>, "
                    + "execution-dies:<State>, session-during-drain, task-vanished, slow-drain, heartbeat-lost, app-protects-victim, "
                    + "victim-never-stops, app-protects-other. The README describes each.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--deregistration-delay", defaultValue = "300", paramLabel = "SECONDS",
            description = "The target group's deregistration delay, 0 to 3600 seconds as AWS allows (default: ${DEFAULT-VALUE}).")
    int deregistrationDelay;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        if (deregistrationDelay < 0 || deregistrationDelay > DrainTiming.MAX_DEREGISTRATION_DELAY_SECONDS) {
            throw new InvalidInputException("--deregistration-delay", "must be between 0 and "
                    + DrainTiming.MAX_DEREGISTRATION_DELAY_SECONDS + " seconds (what a target group allows), got " + deregistrationDelay);
        }
        DecisionInput start = InputFiles.parse("--fleet", fleet, System.in, DecisionInput::fromJson);
        JsonNode payload = InputFiles.parse("--input", input, System.in, json -> json.node());
        LocalWorkflowRun run = new LocalWorkflowRun(start, deregistrationDelay);
        try {
            run.validate(payload);
        } catch (InvalidPayloadException e) {
            throw new InvalidInputException(input, e.getMessage());
        }
        Set<String> taskStates = LocalWorkflowRun.taskStates(LocalWorkflowRun.definition());
        List<Fault> parsed = faults.stream().map(f -> Fault.parse(f, taskStates)).toList();
        LocalWorkflowRun.Result result;
        try (WorkflowBridge bridge = new WorkflowBridge()) {
            result = run.run(payload, parsed, bridge);
        }
        output.print(toJson(result), () -> render(result));
        return 0;
    }

    private static Map<String, Object> toJson(LocalWorkflowRun.Result r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("executionStatus", r.executionStatus());
        json.put("outcome", r.outcome());
        json.put("stateTransitions", r.stateTransitions());
        json.put("statesVisited", r.statesVisited());
        json.put("stoppedTasks", r.stoppedTasks());
        json.put("desiredCountAfter", r.desiredCountAfter());
        json.put("sessionsInterrupted", r.sessionsInterrupted());
        json.put("leaseReleased", r.leaseReleased());
        json.put("protectedTasks", r.protectedTasks());
        json.put("leftBehind", r.leftBehind());
        if (r.error() != null) {
            json.put("error", r.error());
            json.put("cause", r.cause());
        }
        if (r.reconciliation() != null) {
            json.put("reconciliation", r.reconciliation());
        }
        return json;
    }

    private static String describe(LocalWorkflowRun.Reconciliation r) {
        return r.recoveryExecution() == null ? "released the lease of " + r.deadExecution() + "; nothing was left to recover"
                : "started " + r.recoveryExecution() + ", which ended " + r.recoveryStatus() + " (" + r.recoveryOutcome() + ")";
    }

    private static String render(LocalWorkflowRun.Result r) {
        return "Execution " + r.executionStatus() + ", outcome " + r.outcome() + " in " + r.stateTransitions() + " state transitions\n"
                + "  states:              " + String.join(" > ", r.statesVisited()) + "\n"
                + "  stopped tasks:       " + (r.stoppedTasks().isEmpty() ? "none" : String.join(", ", r.stoppedTasks())) + "\n"
                + "  desired count after: " + r.desiredCountAfter() + "\n"
                + "  sessions interrupted: " + r.sessionsInterrupted() + "\n"
                + "  lease released:      " + r.leaseReleased() + "\n"
                + "  protected tasks:     " + (r.protectedTasks().isEmpty() ? "none" : String.join(", ", r.protectedTasks())) + "\n"
                + "  left behind:         " + r.leftBehind() + " ledger entr" + (r.leftBehind() == 1 ? "y" : "ies")
                + (r.error() == null ? "" : "\n  error:               " + r.error() + ": " + r.cause())
                + (r.reconciliation() == null ? "" : "\n  reconciliation:      " + describe(r.reconciliation()));
    }
}
