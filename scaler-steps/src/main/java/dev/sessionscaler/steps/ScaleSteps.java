package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.decision.DecisionPipeline;
import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.SafeStopPlan;
import dev.sessionscaler.core.model.Arns;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ScaleAction;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.policy.FleetAssembler;
import dev.sessionscaler.core.policy.SessionKnowledge;
import dev.sessionscaler.core.policy.VictimPlanner;
import dev.sessionscaler.core.port.FleetReader;
import dev.sessionscaler.core.port.Lease;
import dev.sessionscaler.core.port.ServiceActuator;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.core.port.TargetRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scale workflow's task states (scale-workflow.asl.json), one method each. Every method is
 * idempotent: Step Functions may run a task twice, and repeating one changes nothing further.
 * State moves between tasks as JSON, exactly as the ASL passes it.
 */
public final class ScaleSteps {
    /** Protection outlives a normal stop; if the workflow dies, ECS lifts it by itself. */
    static final int PROTECTION_MINUTES = 15;
    /** How long SafeStop waits for ECS to stop the victims before it gives up waiting (they are protected-against). */
    static final Duration STOP_DEADLINE = Duration.ofMinutes(10);

    /** The ports the steps use. */
    public record Ports(FleetReader fleet, SessionStore sessions, ServiceActuator ecs, TargetRegistry targets, Lease lease) {
    }

    private final Map<ServiceRef, StepsService> services;
    private final Ports ports;
    private final Duration leaseDuration;
    private final Clock clock;

    private final int drainConcurrency;

    public ScaleSteps(Map<ServiceRef, StepsService> services, Ports ports, Duration leaseDuration, int drainConcurrency,
                      Clock clock) {
        this.services = Map.copyOf(services);
        this.ports = ports;
        this.leaseDuration = leaseDuration;
        this.drainConcurrency = drainConcurrency;
        this.clock = clock;
    }

    /** Validates the execution input (the manual-execution contract) and takes the service's lease. */
    public ObjectNode prepare(JsonNode input) {
        String executionName = input.path("executionName").asText();
        ObjectNode plan = plan(input.get("payload"), executionName);
        if (!ports.lease().tryAcquire(ref(plan), executionName, clock.instant(), leaseDuration)) {
            throw new LeaseHeldException("another workflow holds the lease of " + ref(plan).key());
        }
        return plan;
    }

    /** The plan for a scale event payload; {@link InvalidPayloadException} names the field that is wrong. */
    public ObjectNode plan(JsonNode payloadNode, String executionName) {
        ObjectNode plan = Json.MAPPER.createObjectNode();
        JsonInput payload;
        try {
            payload = JsonInput.wrapObject(payloadNode, "");
            payload.rejectUnknownFields(Set.of("action", "cluster", "service", "desiredCount", "tasks", "reason"));
            String action = payload.string("action");
            ServiceRef ref = new ServiceRef(Arns.requireName(payload, "cluster"), Arns.requireName(payload, "service"));
            StepsService service = services.get(ref);
            if (service == null) {
                throw new InvalidInputException("service", "\"" + ref.key() + "\" is not a service this deployment manages");
            }
            plan.put("executionName", executionName).put("cluster", ref.cluster()).put("service", ref.service())
                    .put("action", action).put("reason", payload.has("reason") ? payload.string("reason") : "manual");
            switch (action) {
                case "scale-out" -> {
                    int desired = payload.integer("desiredCount");
                    if (desired < 0) {
                        throw new InvalidInputException("desiredCount", "must be at least 0, got " + desired);
                    }
                    plan.put("desiredCount", desired);
                }
                case "scale-in" -> plan.set("tasks", victimArns(payload, ref.cluster()));
                default -> throw new InvalidInputException("action", "must be \"scale-out\" or \"scale-in\", got \"" + action + "\"");
            }
            plan.put("firstCheckSeconds", service.timing().firstCheckSeconds());
            plan.put("recheckSeconds", service.timing().recheckSeconds());
            plan.put("drainConcurrency", drainConcurrency);
        } catch (InvalidInputException e) {
            throw new InvalidPayloadException(e.getMessage());
        }
        return plan;
    }

    private static ArrayNode victimArns(JsonInput payload, String cluster) {
        List<String> tasks = payload.strings("tasks");
        if (tasks.isEmpty()) {
            throw new InvalidInputException("tasks", "must name at least one task");
        }
        ArrayNode arns = Json.MAPPER.createArrayNode();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            String arn = tasks.get(i);
            if (!Arns.isTaskArn(arn) || !cluster.equals(Arns.clusterOf(arn))) {
                throw new InvalidInputException("tasks[" + i + "]", "must be a task ARN of cluster \"" + cluster + "\", got \"" + arn + "\"");
            }
            if (!seen.add(arn)) {
                throw new InvalidInputException("tasks[" + i + "]", "names " + arn + " twice");
            }
            arns.add(arn);
        }
        return arns;
    }

    /** Raises the desired count to the requested one, clamped to maxTasks; never lowers it. */
    public ObjectNode scaleOut(JsonNode plan) {
        StepsService service = service(plan);
        int current = ports.fleet().read(service.ref()).service().desiredCount();
        int target = Math.min(service.config().maxTasks(), Math.max(service.config().minTasks(), plan.path("desiredCount").asInt()));
        ObjectNode result = Json.MAPPER.createObjectNode().put("desiredCountBefore", current);
        if (target > current) {
            ports.ecs().setDesiredCount(service.ref(), target);
            return result.put("outcome", "SCALED_OUT").put("desiredCountAfter", target);
        }
        return result.put("outcome", "NOOP").put("desiredCountAfter", current);
    }

    /**
     * Re-reads every requested victim before anything is touched (invariant 1): a manual payload can
     * name a busy, unknown, protected or foreign task, and the fleet may have changed since the decision.
     */
    public ObjectNode verifyVictims(JsonNode plan) {
        StepsService service = service(plan);
        Instant now = clock.instant();
        ServiceFleet ecs = ports.fleet().read(service.ref());
        FleetSnapshot fleet = snapshot(service, ecs);
        List<String> requested = strings(plan.path("tasks"));
        Set<String> protectedTasks = ports.fleet().protectedAmong(service.ref(), requested);
        int removable = fleet.service().desiredCount() - service.config().minTasks();
        ArrayNode victims = Json.MAPPER.createArrayNode();
        ArrayNode refused = Json.MAPPER.createArrayNode();
        for (String arn : requested) {
            Optional<TaskState> task = fleet.tasks().stream().filter(t -> t.taskArn().equals(arn)).findFirst();
            String ip = ip(ecs, arn);
            String why = task.isEmpty() ? "not a running task of the service"
                    : protectedTasks.contains(arn) ? "scale-in protected"
                    : Optional.ofNullable(VictimPlanner.exclusion(task.get(), service.config(), now)).map(Enum::name).orElse(null);
            if (why == null && ip == null) {
                why = "no load balancer target (the task has no ENI address)";
            }
            if (why == null && victims.size() >= removable) {
                why = "stopping it would go below minTasks " + service.config().minTasks();
            }
            if (why == null) {
                victims.add(Json.MAPPER.createObjectNode().put("taskArn", arn).put("ip", ip));
            } else {
                refused.add(Json.MAPPER.createObjectNode().put("taskArn", arn).put("reason", why));
            }
        }
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.set("victims", victims);
        result.set("refused", refused);
        return result;
    }

    /** Marks the victim draining, so the analyzer neither counts its slots nor picks it again. */
    public ObjectNode markDraining(JsonNode item) {
        ports.sessions().setDraining(ref(item), item.at("/victim/taskArn").asText(), true);
        return Json.MAPPER.createObjectNode().put("taskArn", item.at("/victim/taskArn").asText());
    }

    /** Takes the victim out of the load balancer: no new sessions reach it from now on. */
    public ObjectNode deregister(JsonNode item) {
        StepsService service = service(item);
        ports.targets().deregister(service.targetGroupArn(), item.at("/victim/ip").asText(), service.targetPort());
        return Json.MAPPER.createObjectNode().put("deregisteredAt", clock.instant().toString());
    }

    /** One look at a draining victim: drained, wait, abort (keep it) or gone. See {@link DrainCheck}. */
    public ObjectNode checkDrain(JsonNode item) {
        StepsService service = service(item);
        String arn = item.at("/victim/taskArn").asText();
        Instant deregisteredAt = Instant.parse(item.at("/deregistered/deregisteredAt").asText());
        FleetSnapshot fleet = snapshot(service, ports.fleet().read(service.ref()));
        Optional<TaskState> task = fleet.tasks().stream()
                .filter(t -> t.taskArn().equals(arn) && !t.lifecycle().isLeaving()).findFirst();
        Instant now = clock.instant();
        DrainCheck.Result result = DrainCheck.check(service.timing(), Duration.between(deregisteredAt, now).toSeconds(),
                task.isPresent(), task.map(t -> SessionKnowledge.isKnown(t, service.config(), now)).orElse(false),
                task.map(TaskState::activeSessions).orElse(0), task.isPresent() && loadRising(service, fleet, now),
                ports.targets().state(service.targetGroupArn(), item.at("/victim/ip").asText(), service.targetPort()));
        return Json.MAPPER.createObjectNode().put("verdict", result.verdict().name()).put("reason", result.reason());
    }

    /** Abort beats harm (invariant 7): the victim goes back into the load balancer at once and is kept. */
    public ObjectNode reregister(JsonNode item) {
        StepsService service = service(item);
        String arn = item.at("/victim/taskArn").asText();
        ports.targets().register(service.targetGroupArn(), item.at("/victim/ip").asText(), service.targetPort());
        ports.sessions().setDraining(service.ref(), arn, false);
        return Json.MAPPER.createObjectNode().put("taskArn", arn).put("verdict", "ABORT")
                .put("reason", item.path("check").path("reason").asText("the drain failed"));
    }

    /**
     * Plans the stop, reading only: re-checks that each drained victim is still idle right before it is
     * stopped (one that is not goes back into the load balancer), and fixes the absolute desired count
     * to set, so that {@link #safeStop} can be repeated without lowering it twice.
     */
    public ObjectNode planStop(JsonNode state) {
        StepsService service = service(state);
        Instant now = clock.instant();
        ServiceFleet ecs = ports.fleet().read(service.ref());
        FleetSnapshot fleet = snapshot(service, ecs);
        List<String> stillIdle = new ArrayList<>();
        for (JsonNode result : state.path("drained")) {
            if (!"DRAINED".equals(result.path("verdict").asText())) {
                continue;
            }
            String arn = result.path("taskArn").asText();
            boolean idle = fleet.tasks().stream().anyMatch(t -> t.taskArn().equals(arn) && !t.lifecycle().isLeaving()
                    && SessionKnowledge.isKnown(t, service.config(), now) && t.activeSessions() == 0);
            if (idle) {
                stillIdle.add(arn);
            } else {
                keep(service, ecs, arn);
            }
        }
        List<String> running = fleet.tasks().stream().filter(t -> !t.lifecycle().isLeaving()).map(TaskState::taskArn).toList();
        SafeStopPlan plan = SafeStopPlan.of(stillIdle, running, fleet.service().desiredCount(), service.config().minTasks());
        plan.keep().forEach(arn -> keep(service, ecs, arn));
        // Tasks the application already protects keep their own protection: we neither set nor lift it.
        List<String> others = plan.protectBatches().stream().flatMap(List::stream).toList();
        Set<String> alreadyProtected = plan.stop().isEmpty() ? Set.of() : ports.fleet().protectedAmong(service.ref(), others);
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.set("stopping", toArray(plan.stop()));
        result.set("protect", toArray(plan.stop().isEmpty() ? List.of()
                : others.stream().filter(t -> !alreadyProtected.contains(t)).toList()));
        result.put("desiredCountBefore", fleet.service().desiredCount());
        result.put("desiredCount", plan.desiredCount());
        return result;
    }

    /**
     * Stops exactly the planned victims (invariant 2): protects every other running task, then sets the
     * planned desired count, so the unprotected victims are all ECS may stop. Setting an absolute count
     * makes a repeated call harmless. If it fails, it lifts the protection it set before failing.
     */
    public ObjectNode safeStop(JsonNode state) {
        StepsService service = service(state);
        List<String> stopping = strings(state.at("/plan/stopping"));
        List<String> ours = strings(state.at("/plan/protect"));
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.set("stopping", toArray(stopping));
        if (stopping.isEmpty()) {
            result.set("protectedTasks", Json.MAPPER.createArrayNode());
            return result.put("desiredCountAfter", state.at("/plan/desiredCountBefore").asInt())
                    .put("stopRequestedAt", clock.instant().toString());
        }
        List<String> done = new ArrayList<>();
        try {
            for (int from = 0; from < ours.size(); from += SafeStopPlan.PROTECTION_BATCH) {
                List<String> batch = ours.subList(from, Math.min(ours.size(), from + SafeStopPlan.PROTECTION_BATCH));
                ports.ecs().protect(service.ref(), batch, PROTECTION_MINUTES);
                done.addAll(batch);
            }
            ports.ecs().setDesiredCount(service.ref(), state.at("/plan/desiredCount").asInt());
        } catch (RuntimeException e) {
            // the state will not record what this call protected, so lift it here before failing
            unprotect(service, done);
            throw e;
        }
        result.set("protectedTasks", toArray(done));
        return result.put("desiredCountAfter", state.at("/plan/desiredCount").asInt()).put("stopRequestedAt", clock.instant().toString());
    }

    /** Whether ECS has stopped every victim; after the deadline it stops waiting (the rest stays protected until release). */
    public ObjectNode confirmStopped(JsonNode state) {
        StepsService service = service(state);
        ServiceFleet fleet = ports.fleet().read(service.ref());
        Set<String> live = new HashSet<>();
        fleet.tasks().stream().filter(t -> !t.lifecycle().isLeaving()).forEach(t -> live.add(t.taskArn()));
        List<String> stopping = strings(state.at("/stop/stopping"));
        boolean allStopped = stopping.stream().noneMatch(live::contains);
        Instant requested = Instant.parse(state.at("/stop/stopRequestedAt").asText());
        boolean overdue = !allStopped && clock.instant().isAfter(requested.plus(STOP_DEADLINE));
        return Json.MAPPER.createObjectNode().put("allStopped", allStopped).put("giveUp", overdue);
    }

    /** Lifts the temporary protection SafeStop put on the other tasks. */
    public ObjectNode releaseProtection(JsonNode state) {
        StepsService service = service(state);
        unprotect(service, strings(state.at("/stop/protectedTasks")));
        return Json.MAPPER.createObjectNode().put("released", state.at("/stop/protectedTasks").size());
    }

    /**
     * After a failure was caught: undo whatever is half done, so the fleet is as safe as before. Victims
     * that are not being stopped go back into the load balancer; protection is lifted.
     */
    public ObjectNode recover(JsonNode state) {
        StepsService service = service(state);
        unprotect(service, strings(state.at("/stop/protectedTasks")));
        Set<String> stopping = new HashSet<>(strings(state.at("/stop/stopping")));
        Set<String> victims = new LinkedHashSet<>();
        state.at("/verified/victims").forEach(v -> victims.add(v.path("taskArn").asText()));
        ServiceFleet ecs = victims.isEmpty() ? null : ports.fleet().read(service.ref());
        int kept = 0;
        for (String arn : victims) {
            if (!stopping.contains(arn)) {
                keep(service, ecs, arn);
                kept++;
            }
        }
        return Json.MAPPER.createObjectNode().put("reregistered", kept);
    }

    /**
     * Every path ends here: release the lease (only if this execution holds it, so a run refused for a
     * held lease frees nothing) and report the outcome. Input: {@code {"state": …, "executionName": …}}.
     */
    public ObjectNode finalizeRun(JsonNode input) {
        JsonNode state = input.path("state");
        ServiceRef ref = ref(state);
        if (ref != null) {
            ports.lease().release(ref, input.path("executionName").asText());
        }
        String outcome;
        if (state.has("failure")) {
            outcome = "ABORTED";
        } else if ("scale-out".equals(state.path("action").asText())) {
            outcome = state.at("/result/outcome").asText("NOOP");
        } else if (state.at("/stop/stopping").size() > 0) {
            outcome = "SCALED_IN";
        } else {
            boolean aborted = false;
            for (JsonNode result : state.path("drained")) {
                aborted |= "ABORT".equals(result.path("verdict").asText());
            }
            outcome = aborted ? "ABORTED" : "NOOP";
        }
        ObjectNode result = Json.MAPPER.createObjectNode().put("outcome", outcome).put("leaseReleased", ref != null);
        result.set("stoppedTasks", state.at("/stop/stopping").isMissingNode() ? Json.MAPPER.createArrayNode() : state.at("/stop/stopping"));
        if (state.has("failure")) {
            result.set("failure", state.get("failure"));
        }
        return result;
    }

    private void keep(StepsService service, ServiceFleet ecs, String arn) {
        String ip = ip(ecs, arn);
        if (ip != null) {
            ports.targets().register(service.targetGroupArn(), ip, service.targetPort());
        }
        ports.sessions().setDraining(service.ref(), arn, false);
    }

    private void unprotect(StepsService service, List<String> tasks) {
        for (int from = 0; from < tasks.size(); from += SafeStopPlan.PROTECTION_BATCH) {
            ports.ecs().unprotect(service.ref(), tasks.subList(from, Math.min(tasks.size(), from + SafeStopPlan.PROTECTION_BATCH)));
        }
    }

    /** Whether the fleet would need more capacity right now, counting the draining victims as gone. */
    private boolean loadRising(StepsService service, FleetSnapshot fleet, Instant now) {
        var decision = new DecisionPipeline().decide(new DecisionInput(service.config(), now, fleet, DecisionHistory.empty()));
        return decision.action() == ScaleAction.SCALE_OUT;
    }

    private FleetSnapshot snapshot(StepsService service, ServiceFleet ecs) {
        // CPU is not needed by the workflow's rules; only sessions and ECS facts are
        return FleetAssembler.assemble(ecs, new ServiceMetrics(null, null, null, Map.of()), ports.sessions().taskSessions(service.ref()));
    }

    private static String ip(ServiceFleet ecs, String arn) {
        return ecs.tasks().stream().filter(t -> t.taskArn().equals(arn)).map(EcsTask::privateIpv4Address).findFirst().orElse(null);
    }

    private StepsService service(JsonNode state) {
        ServiceRef ref = ref(state);
        StepsService service = ref == null ? null : services.get(ref);
        if (service == null) {
            throw new InvalidPayloadException("no managed service in the workflow state: " + state.path("cluster") + "/" + state.path("service"));
        }
        return service;
    }

    private static ServiceRef ref(JsonNode state) {
        String cluster = state.path("cluster").asText(null);
        String service = state.path("service").asText(null);
        return cluster == null || service == null ? null : new ServiceRef(cluster, service);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static ArrayNode toArray(List<String> values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }
}
