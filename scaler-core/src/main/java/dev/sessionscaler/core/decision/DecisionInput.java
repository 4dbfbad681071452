package dev.sessionscaler.core.decision;

import dev.sessionscaler.core.policy.LearnedFloor;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.Arns;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one decision depends on. Time and history are inputs (invariant 8).
 *
 * @param loadBalancer what the service's target group does when a target leaves it, read from AWS; null when
 *                     unknown, which leaves cordoning unavailable
 * @param learnedFloor what the same half hour of past weeks needed ({@code predictiveFloor}); null when off or when
 *                     it asks for no more than minTasks
 */
public record DecisionInput(ScalerConfig config, Instant now, FleetSnapshot fleet, DecisionHistory history,
                            TargetGroupFacts loadBalancer, LearnedFloor.Floor learnedFloor) {
    private static final Set<String> FIELDS = Set.of("config", "now", "service", "serviceCpuPercent",
            "serviceMemoryPercent", "serviceMaxCpuPercent", "tasks", "history", "loadBalancer");

    public DecisionInput {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(fleet, "fleet");
        history = history == null ? DecisionHistory.empty() : history;
    }

    public DecisionInput(ScalerConfig config, Instant now, FleetSnapshot fleet, DecisionHistory history) {
        this(config, now, fleet, history, null, null);
    }

    public DecisionInput(ScalerConfig config, Instant now, FleetSnapshot fleet, DecisionHistory history,
                         TargetGroupFacts loadBalancer) {
        this(config, now, fleet, history, loadBalancer, null);
    }

    /** The same input with the learned floor the analyzer found. */
    public DecisionInput withLearnedFloor(LearnedFloor.Floor floor) {
        return new DecisionInput(config, now, fleet, history, loadBalancer, floor);
    }

    /** The same input with another config (the configured one as it applies at {@code now}). */
    public DecisionInput withConfig(ScalerConfig other) {
        return new DecisionInput(other, now, fleet, history, loadBalancer, learnedFloor);
    }

    /** The same input with another fleet (what-if runs of the pipeline). */
    public DecisionInput withFleet(FleetSnapshot other) {
        return new DecisionInput(config, now, other, history, loadBalancer, learnedFloor);
    }

    /**
     * Reads the fleet document of {@code session-scaler decide} (see README): {@code config}, {@code now},
     * {@code service}, {@code serviceCpuPercent}, {@code serviceMemoryPercent}, optional {@code serviceMaxCpuPercent},
     * {@code tasks}, {@code history}.
     */
    public static DecisionInput fromJson(JsonInput json) {
        json.rejectUnknownFields(FIELDS);
        ScalerConfig config = ScalerConfig.fromJson(json.object("config"));
        Instant now = json.instant("now");
        ServiceState service = ServiceState.fromJson(json.object("service"));
        Double cpu = json.optionalNonNegativeNumber("serviceCpuPercent");
        Double memory = json.optionalNonNegativeNumber("serviceMemoryPercent");
        Double maxCpu = json.optionalNonNegativeNumber("serviceMaxCpuPercent");
        List<TaskState> tasks = tasks(json, service.cluster());
        DecisionHistory history = json.optionalObject("history").map(DecisionHistory::fromJson)
                .orElse(DecisionHistory.empty());
        TargetGroupFacts loadBalancer = json.optionalObject("loadBalancer").map(DecisionInput::loadBalancer).orElse(null);
        return new DecisionInput(config, now, new FleetSnapshot(service, cpu, memory, maxCpu, tasks), history, loadBalancer);
    }

    /** {@code {"type": "ALB"|"NLB", "deregistrationDelaySeconds": 0..3600, "connectionTermination": false}} */
    private static TargetGroupFacts loadBalancer(JsonInput json) {
        json.rejectUnknownFields(Set.of("type", "deregistrationDelaySeconds", "connectionTermination"));
        TargetGroupFacts.LoadBalancerKind kind = TargetGroupFacts.kindFrom(json, "type");
        int delay = TargetGroupFacts.delayFrom(json, "deregistrationDelaySeconds");
        return new TargetGroupFacts(kind, delay, TargetGroupFacts.terminationFrom(json, "connectionTermination", kind));
    }

    private static List<TaskState> tasks(JsonInput json, String cluster) {
        List<TaskState> tasks = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<JsonInput> items = json.objects("tasks");
        for (int i = 0; i < items.size(); i++) {
            JsonInput item = items.get(i);
            TaskState task = TaskState.fromJson(item);
            if (!cluster.equals(Arns.clusterOf(task.taskArn()))) {
                throw new InvalidInputException(item.at("taskArn"),
                        "belongs to cluster \"" + Arns.clusterOf(task.taskArn()) + "\", not service.cluster \"" + cluster + "\"");
            }
            Integer earlier = seen.putIfAbsent(task.taskArn(), i);
            if (earlier != null) {
                throw new InvalidInputException(item.at("taskArn"), "duplicates tasks[" + earlier + "].taskArn");
            }
            tasks.add(task);
        }
        return tasks;
    }
}
