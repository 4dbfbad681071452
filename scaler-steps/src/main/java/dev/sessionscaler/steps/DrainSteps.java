package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.decision.DecisionPipeline;
import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.DrainTiming;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ScaleAction;
import dev.sessionscaler.core.model.TaskMark;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.policy.AzBalance;
import dev.sessionscaler.core.policy.SessionKnowledge;
import dev.sessionscaler.core.policy.VictimPlanner;
import dev.sessionscaler.steps.WorkflowState.Check;
import dev.sessionscaler.steps.WorkflowState.Deregistered;
import dev.sessionscaler.steps.WorkflowState.DrainResult;
import dev.sessionscaler.steps.WorkflowState.Refusal;
import dev.sessionscaler.steps.WorkflowState.Verified;
import dev.sessionscaler.steps.WorkflowState.Victim;
import dev.sessionscaler.steps.WorkflowState.VictimItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The drain of a scale-in: VerifyVictims, then per victim MarkDraining, Deregister, CheckDrain and Reregister. */
final class DrainSteps {
    private final StepContext context;

    DrainSteps(StepContext context) {
        this.context = context;
    }

    /**
     * Re-reads every requested victim before anything is touched (invariant 1): a manual payload can name a busy,
     * unknown, protected or foreign task, and the fleet may have changed since the decision. A manual payload obeys
     * the analyzer's rules too (safety issue, item 9): nothing during a deployment, at most maxScaleInPerRun, never
     * below minTasks, and, while the service rebalances zones, only tasks that keep them even.
     */
    JsonNode verifyVictims(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        Instant now = context.now();
        StepContext.Snapshot snapshot = context.snapshot(service);
        FleetSnapshot fleet = snapshot.fleet();
        Set<String> protectedTasks = context.ports.fleet().protectedAmong(service.ref(), state.tasks());
        String unsafeDelay = DrainTiming.unsafeDelay(context.ports.targets().facts(service.targetGroupArn()).deregistrationDelaySeconds());
        int allowed = Math.min(service.config().maxScaleInPerRun(), fleet.service().desiredCount() - service.config().minTasks());
        List<TaskState> eligible = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        long cordoned = fleet.tasks().stream().filter(t -> t.cordoned() && !t.lifecycle().isLeaving()).count();
        String blocked = unsafeDelay != null ? unsafeDelay
                : cordoned > 0 ? cordoned + " task(s) are cordoned: a drain holds the lease, and their readmission must never wait"
                        + " behind it (retire idle tasks through a cordon instead)" : null;
        for (String arn : state.tasks()) {
            Optional<TaskState> task = fleet.tasks().stream().filter(t -> t.taskArn().equals(arn)).findFirst();
            String why = blocked != null ? blocked
                    : fleet.service().deploymentInProgress() ? "an ECS deployment is in progress"
                    : task.isEmpty() ? "not a running task of the service"
                    : protectedTasks.contains(arn) ? "scale-in protected"
                    : Optional.ofNullable(VictimPlanner.exclusion(task.get(), service.config(), now)).map(Enum::name).orElse(null);
            if (why == null && snapshot.ip(arn) == null) {
                why = "no load balancer target (the task has no ENI address)";
            }
            if (why == null) {
                eligible.add(task.get());
            } else {
                refused.add(new Refusal(arn, why));
            }
        }
        List<TaskState> balanced = fleet.service().azRebalancing()
                ? AzBalance.removable(liveByZone(fleet), eligible, TaskState::availabilityZone) : eligible;
        List<Victim> victims = new ArrayList<>();
        for (TaskState task : eligible) {
            if (!balanced.contains(task)) {
                refused.add(new Refusal(task.taskArn(), "stopping it would leave the zones uneven while the service rebalances them"));
            } else if (victims.size() >= allowed) {
                refused.add(new Refusal(task.taskArn(), allowed < service.config().maxScaleInPerRun()
                        ? "stopping it would go below minTasks " + service.config().minTasks()
                        : "beyond maxScaleInPerRun " + service.config().maxScaleInPerRun()));
            } else {
                victims.add(new Victim(task.taskArn(), snapshot.ip(task.taskArn())));
            }
        }
        return WorkflowState.tree(new Verified(victims, refused));
    }

    static Map<String, Integer> liveByZone(FleetSnapshot fleet) {
        Map<String, Integer> zones = new HashMap<>();
        fleet.tasks().stream().filter(t -> !t.lifecycle().isLeaving()).forEach(t -> zones.merge(t.availabilityZone(), 1, Integer::sum));
        return zones;
    }

    /**
     * Written before the victim is touched: from now on nobody counts its slots or picks it, and nothing is lost if we
     * die. A mark someone else holds (or a cordon) is never overwritten: Deregister then leaves the task alone.
     */
    JsonNode markDraining(JsonNode itemNode) {
        VictimItem item = WorkflowState.read(itemNode, VictimItem.class);
        StepsService service = context.service(item.cluster(), item.service());
        TaskMark existing = mark(service, item.victim().taskArn());
        if (existing == null) {
            context.ports.ledger().putMark(service.ref(), new TaskMark(item.victim().taskArn(), TaskMark.Kind.DRAINING,
                    item.executionName(), context.now(), null));
        }
        return WorkflowState.tree(new DrainResult(item.victim().taskArn(), "MARKED", null));
    }

    /**
     * Takes the victim out of the load balancer, trusting AWS, not configuration (safety issue, item 6): the target
     * group's real deregistration delay is read first (a failure then has touched nothing); the task must be registered
     * on the configured port, or it is left alone (its connections may come through a target we cannot see). The mark
     * records the deregistration before DeregisterTargets is called, so a repeated call that finds the target gone
     * knows it was this execution's doing and goes on draining. The drain is timed from the mark, written before: on a
     * repeated call that is earlier than the real deregistration, so deadlines come early, never late. The load
     * balancer's lag is counted from the time the call returned (on a repeated call, later still), so it ends late, never
     * early.
     */
    JsonNode deregister(JsonNode itemNode) {
        VictimItem item = WorkflowState.read(itemNode, VictimItem.class);
        StepsService service = context.service(item.cluster(), item.service());
        String arn = item.victim().taskArn();
        TaskMark mark = mark(service, arn);
        if (mark == null || !item.executionName().equals(mark.holder())) {
            return WorkflowState.tree(Deregistered.abort("marked by another execution, or cordoned: the task is left alone"));
        }
        if (!context.renewLease(service, item.executionName())) {
            // its own mark undone, the target put back if an earlier attempt took it out: left in service, unmarked
            context.keep(service, context.snapshot(service), arn, item.executionName());
            return WorkflowState.tree(Deregistered.abort(StepContext.NO_LEASE));
        }
        TargetGroupFacts facts = context.ports.targets().facts(service.targetGroupArn());
        DrainCheck.TargetState target = context.ports.targets().state(service.targetGroupArn(), item.victim().ip(), service.targetPort());
        if (target != DrainCheck.TargetState.REGISTERED && !mark.deregistered()) {
            context.ports.ledger().deleteMark(service.ref(), mark);
            return WorkflowState.tree(Deregistered.abort((target == DrainCheck.TargetState.DRAINING
                    ? "already being deregistered by someone else" : "not registered in the target group on port "
                    + service.targetPort() + " (check targetPort)") + "; the task is left alone"));
        }
        if (target == DrainCheck.TargetState.REGISTERED) {
            context.ports.ledger().putMark(service.ref(), mark.outOfService());
            context.ports.targets().deregister(service.targetGroupArn(), item.victim().ip(), service.targetPort());
        }
        DrainTiming timing = DrainTiming.forDelay(facts.deregistrationDelaySeconds());
        Instant outOfServiceBy = context.now();  // after DeregisterTargets returned (or after a retry found it done)
        long elapsed = Duration.between(mark.since(), outOfServiceBy).toSeconds();
        return WorkflowState.tree(new Deregistered("DEREGISTERED", null, mark.since(), facts.deregistrationDelaySeconds(),
                (int) Math.max(0, timing.firstCheckSeconds() - elapsed), timing.recheckSeconds(), outOfServiceBy));
    }

    private TaskMark mark(StepsService service, String taskArn) {
        return context.ports.ledger().read(service.ref()).marks().stream()
                .filter(m -> m.taskArn().equals(taskArn)).findFirst().orElse(null);
    }

    /** One look at a draining victim: drained, wait, abort (keep it) or gone. See {@link DrainCheck}. */
    JsonNode checkDrain(JsonNode itemNode) {
        VictimItem item = WorkflowState.read(itemNode, VictimItem.class);
        StepsService service = context.service(item.cluster(), item.service());
        if (!context.renewLease(service, item.executionName())) {
            return WorkflowState.tree(new Check("ABORT", "the workflow no longer holds the service's lease"));
        }
        String arn = item.victim().taskArn();
        Instant now = context.now();
        FleetSnapshot fleet = context.snapshot(service).fleet();
        Optional<TaskState> task = fleet.tasks().stream().filter(t -> t.taskArn().equals(arn) && !t.lifecycle().isLeaving()).findFirst();
        DrainTiming timing = DrainTiming.forDelay(item.deregistered().delaySeconds());
        Instant outOfServiceBy = item.deregistered().outOfServiceBy() != null ? item.deregistered().outOfServiceBy() : now;
        DrainCheck.Result result = DrainCheck.check(timing, Duration.between(item.deregistered().deregisteredAt(), now).toSeconds(),
                task.isPresent(), task.map(t -> SessionKnowledge.isKnown(t, service.config(), now)
                        && SessionKnowledge.reportedAfterLag(t, outOfServiceBy)).orElse(false),
                task.map(TaskState::activeSessions).orElse(0), task.isPresent() && loadRising(service, fleet, now),
                context.ports.targets().state(service.targetGroupArn(), item.victim().ip(), service.targetPort()));
        return WorkflowState.tree(new Check(result.verdict().name(), result.reason()));
    }

    /**
     * Abort beats harm (invariant 7): the victim goes back into the load balancer at once and is kept. Only a target
     * this execution took out is put back, and only while its task runs (a stopped task's address may be reused).
     */
    JsonNode reregister(JsonNode itemNode) {
        VictimItem item = WorkflowState.read(itemNode, VictimItem.class);
        StepsService service = context.service(item.cluster(), item.service());
        String arn = item.victim().taskArn();
        context.keep(service, context.snapshot(service), arn, item.executionName());
        String reason = item.check() == null || item.check().reason() == null ? "the drain failed" : item.check().reason();
        return WorkflowState.tree(new DrainResult(arn, "ABORT", reason));
    }

    /** Whether the fleet would need more capacity right now, counting the draining victims as gone. */
    private static boolean loadRising(StepsService service, FleetSnapshot fleet, Instant now) {
        var decision = new DecisionPipeline().decide(new DecisionInput(service.config(), now, fleet, DecisionHistory.empty()));
        return decision.action() == ScaleAction.SCALE_OUT;
    }
}
