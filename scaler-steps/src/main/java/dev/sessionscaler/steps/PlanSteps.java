package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.Arns;
import dev.sessionscaler.core.model.ServiceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Prepare (validate the payload, take the lease), ScaleOut and Finalize: the ends of every execution. */
final class PlanSteps {
    private static final Set<String> ACTIONS = Set.of("scale-out", "scale-in", "cordon", "readmit", "retire", "recover");

    private final StepContext context;
    private final CordonSteps cordons;

    PlanSteps(StepContext context, CordonSteps cordons) {
        this.context = context;
        this.cordons = cordons;
    }

    /** Validates the execution input (the manual-execution contract) and takes the service's lease. */
    JsonNode prepare(JsonNode input) {
        String executionName = input.path("executionName").asText();
        WorkflowState plan = plan(input.get("payload"), executionName);
        ServiceRef ref = new ServiceRef(plan.cluster(), plan.service());
        if (!context.ports.lease().tryAcquire(ref, executionName, context.now(), context.leaseDuration)) {
            throw new LeaseHeldException("another workflow holds the lease of " + ref.key());
        }
        return WorkflowState.tree(plan);
    }

    /** The plan for a scale event payload; {@link InvalidPayloadException} names the field that is wrong. */
    WorkflowState plan(JsonNode payloadNode, String executionName) {
        try {
            JsonInput payload = JsonInput.wrapObject(payloadNode, "");
            payload.rejectUnknownFields(Set.of("action", "cluster", "service", "desiredCount", "readmit", "tasks", "reason"));
            String action = payload.string("action");
            if (!ACTIONS.contains(action)) {
                throw new InvalidInputException("action", "must be one of scale-out, scale-in, cordon, readmit, retire or recover,"
                        + " got \"" + action + "\"");
            }
            ServiceRef ref = new ServiceRef(Arns.requireName(payload, "cluster"), Arns.requireName(payload, "service"));
            if (!context.services.containsKey(ref)) {
                throw new InvalidInputException("service", "\"" + ref.key() + "\" is not a service this deployment manages");
            }
            String reason = payload.has("reason") ? payload.string("reason") : "manual";
            Integer desired = null;
            List<String> readmit = null;
            List<String> tasks = null;
            if (action.equals("scale-out")) {
                desired = payload.integer("desiredCount");
                if (desired < 0 || desired > ScalerConfig.ECS_MAX_TASKS_PER_SERVICE) {
                    throw new InvalidInputException("desiredCount", "must be between 0 and "
                            + ScalerConfig.ECS_MAX_TASKS_PER_SERVICE + " (the tasks ECS runs per service at most), got " + desired);
                }
                readmit = payload.has("readmit") ? taskArns(payload, "readmit", ref.cluster(), false) : List.of();
            } else if (!action.equals("recover")) {
                tasks = taskArns(payload, "tasks", ref.cluster(), true);
            } else if (payload.has("tasks") || payload.has("desiredCount")) {
                throw new InvalidInputException(payload.has("tasks") ? "tasks" : "desiredCount", "is not taken by \"recover\"");
            }
            if (!action.equals("scale-out") && (payload.has("desiredCount") || payload.has("readmit"))) {
                throw new InvalidInputException(payload.has("desiredCount") ? "desiredCount" : "readmit", "is taken only by \"scale-out\"");
            }
            return new WorkflowState(executionName, ref.cluster(), ref.service(), action, reason, desired, readmit, tasks,
                    context.drainConcurrency, null, null, null, null, null, null, null, null, null);
        } catch (InvalidInputException e) {
            throw new InvalidPayloadException(e.getMessage());
        }
    }

    private static List<String> taskArns(JsonInput payload, String field, String cluster, boolean required) {
        List<String> tasks = payload.strings(field);
        if (required && tasks.isEmpty()) {
            throw new InvalidInputException(field, "must name at least one task");
        }
        if (tasks.size() > ScalerConfig.MAX_TASKS_STOPPED_AT_ONCE) {
            throw new InvalidInputException(field, "names " + tasks.size() + " tasks; one execution takes at most "
                    + ScalerConfig.MAX_TASKS_STOPPED_AT_ONCE + " (start several)");
        }
        List<String> arns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            String arn = tasks.get(i);
            if (!Arns.isTaskArn(arn) || !cluster.equals(Arns.clusterOf(arn))) {
                throw new InvalidInputException(field + "[" + i + "]", "must be a task ARN of cluster \"" + cluster + "\", got \"" + arn + "\"");
            }
            if (!seen.add(arn)) {
                throw new InvalidInputException(field + "[" + i + "]", "names " + arn + " twice");
            }
            arns.add(arn);
        }
        return arns;
    }

    /**
     * Raises the desired count toward the requested one under the same rules as the analyzer's (safety issue,
     * item 9): never above maxTasks, by at most maxScaleOutStep, at once to minTasks if below it; never lowers it.
     */
    JsonNode scaleOut(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        ScalerConfig config = service.config();
        // cordoned tasks first: a warm task is in service within one health check, a new one takes minutes
        List<String> readmitted = state.readmit() == null || state.readmit().isEmpty() ? List.of()
                : cordons.readmit(service, state.readmit(), state.executionName()).tasks();
        int current = context.ports.fleet().read(service.ref()).service().desiredCount();
        int requested = state.desiredCount();
        int target = Math.min(requested, config.maxTasks());
        String detail = requested > config.maxTasks() ? "clamped to maxTasks " + config.maxTasks() : "as requested";
        int stepLimit = Math.max(config.minTasks(), current + config.maxScaleOutStep());
        if (target > stepLimit) {
            target = stepLimit;
            detail = "limited to +" + config.maxScaleOutStep() + " by maxScaleOutStep" + (current < config.minTasks() ? " above minTasks" : "");
        }
        if (target <= current) {
            return WorkflowState.tree(new WorkflowState.ScaleOutResult(readmitted.isEmpty() ? "NOOP" : "READMITTED", current, current,
                    "the desired count " + current + " is already at least " + target + " (" + detail + ")", readmitted));
        }
        context.ports.ecs().setDesiredCount(service.ref(), target);
        return WorkflowState.tree(new WorkflowState.ScaleOutResult("SCALED_OUT", current, target, detail, readmitted));
    }

    /**
     * Every path ends here: release the lease (only if this execution holds it, so a run refused for a held lease
     * frees nothing) and report the outcome. Input: {@code {"state": …, "executionName": …}}.
     */
    JsonNode finish(JsonNode input) {
        JsonNode raw = input.path("state");
        WorkflowState state = WorkflowState.read(raw, WorkflowState.class);
        boolean known = state.cluster() != null && state.service() != null;
        if (known) {
            context.ports.lease().release(new ServiceRef(state.cluster(), state.service()), input.path("executionName").asText());
        }
        List<String> stopped = stopped(state, raw);
        ObjectNode result = Json.MAPPER.createObjectNode().put("outcome", outcome(state, stopped)).put("leaseReleased", known);
        result.set("stoppedTasks", Json.MAPPER.valueToTree(stopped));
        result.set("cordonedTasks", Json.MAPPER.valueToTree("cordon".equals(state.action()) ? done(state) : List.of()));
        result.set("readmittedTasks", Json.MAPPER.valueToTree(readmitted(state)));
        if (state.failure() != null) {
            result.set("failure", state.failure());
        }
        return result;
    }

    private static List<String> done(WorkflowState state) {
        return state.done() == null ? List.of() : state.done().tasks();
    }

    /** Tasks put back into service: by a readmit, or by a scale-out before it raised the count. */
    private static List<String> readmitted(WorkflowState state) {
        if ("readmit".equals(state.action())) {
            return done(state);
        }
        boolean scaledOut = "scale-out".equals(state.action()) && state.result() != null && state.result().readmitted() != null;
        return scaledOut ? state.result().readmitted() : List.of();
    }

    /** The victims the stop was for, less those ReleaseProtection found still running and put back. */
    private static List<String> stopped(WorkflowState state, JsonNode raw) {
        if (state.stop() == null) {
            return List.of();
        }
        Set<String> putBack = new HashSet<>();
        raw.at("/released/reregistered").forEach(t -> putBack.add(t.asText()));
        return state.stop().stopping().stream().filter(t -> !putBack.contains(t)).toList();
    }

    private static String outcome(WorkflowState state, List<String> stopped) {
        if (state.failure() != null) {
            return "ABORTED";
        }
        if ("scale-out".equals(state.action())) {
            return state.result() == null ? "NOOP" : state.result().outcome();
        }
        if ("recover".equals(state.action())) {
            return "RECOVERED";
        }
        if ("cordon".equals(state.action()) || "readmit".equals(state.action())) {
            boolean any = state.done() != null && !state.done().tasks().isEmpty();
            return any ? ("cordon".equals(state.action()) ? "CORDONED" : "READMITTED") : "NOOP";
        }
        if (!stopped.isEmpty()) {
            return "SCALED_IN";
        }
        if ("retire".equals(state.action()) && (state.stop() == null || state.stop().stopping().isEmpty())) {
            return "NOOP";  // the cordoned tasks are not drained yet: they stay cordoned, untouched
        }
        if (state.stop() != null && !state.stop().stopping().isEmpty()) {
            return "ABORTED";  // ECS did not stop the victims in time: the stop was undone
        }
        boolean aborted = state.drained() != null && state.drained().stream().anyMatch(d -> "ABORT".equals(d.verdict()));
        boolean kept = state.plan() != null && !state.plan().kept().isEmpty()
                || state.stop() != null && state.stop().kept() != null && !state.stop().kept().isEmpty();
        return aborted || kept ? "ABORTED" : "NOOP";
    }
}
