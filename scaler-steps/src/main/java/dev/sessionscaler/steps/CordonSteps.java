package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.WorkflowTiming;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskMark;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.policy.CordonPlanner;
import dev.sessionscaler.core.policy.FleetObservation;
import dev.sessionscaler.core.policy.SessionKnowledge;
import dev.sessionscaler.steps.WorkflowState.Refusal;
import dev.sessionscaler.steps.WorkflowState.StopPlan;
import dev.sessionscaler.steps.WorkflowState.TaskActionResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cordon and drain (DESIGN.md section 5b): Cordon takes surplus tasks out of the load balancer and records them
 * as cordoned with their deadline; Readmit puts cordoned tasks back; VerifyRetire checks which cordoned tasks have
 * drained, for the shared stop path to stop exactly them. The cordon itself is state in the ledger, reconciled by the
 * analyzer every minute: each execution is short and no execution waits for sessions to end.
 */
final class CordonSteps {
    private final StepContext context;

    CordonSteps(StepContext context) {
        this.context = context;
    }

    /**
     * Re-checks each named task (running, healthy, unprotected, known, not marked, registered on the configured port) and
     * the whole cordon against the fleet as it is now (invariant 9: the tasks left in service still meet every session
     * target, the buffer and minTasks), then for each: a mark held by this execution, the target out, the mark let go
     * (a cordon at rest). Dying in between leaves a held mark, which the recovery undoes.
     */
    JsonNode cordon(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        ScalerConfig config = service.config();
        Instant now = context.now();
        StepContext.Snapshot snapshot = context.snapshot(service);
        FleetSnapshot fleet = withProtection(snapshot.fleet(), state.tasks());
        List<Refusal> refused = new ArrayList<>();
        if (!context.renewLease(service, state.executionName())) {
            state.tasks().forEach(t -> refused.add(new Refusal(t, StepContext.NO_LEASE)));
            return WorkflowState.tree(new TaskActionResult(List.of(), refused));
        }
        List<String> cordoned = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (String arn : state.tasks()) {
            TaskMark existing = snapshot.mark(arn);
            if (existing != null && existing.kind() == TaskMark.Kind.CORDONED && !existing.held()) {
                cordoned.add(arn);  // done already (a repeated step): the end state is what was asked
            } else if (existing != null && existing.kind() == TaskMark.Kind.CORDONED && state.executionName().equals(existing.holder())) {
                String why = finish(service, snapshot, existing);  // begun by this step before its call failed or lost its answer
                if (why == null) {
                    cordoned.add(arn);
                } else {
                    refused.add(new Refusal(arn, why));
                }
            } else {
                fresh.add(arn);
            }
        }
        CordonPlanner.Window window = CordonPlanner.window(context.ports.targets().facts(service.targetGroupArn()), config);
        if (!window.available() || fleet.service().deploymentInProgress()) {
            String why = !window.available() ? window.unavailable() : "an ECS deployment is in progress";
            fresh.forEach(t -> refused.add(new Refusal(t, why)));
            return WorkflowState.tree(new TaskActionResult(cordoned, refused));
        }
        List<TaskState> allowed = CordonPlanner.cordon(fleet.tasks(), FleetObservation.of(fleet, config, now), config, now,
                fresh.size(), Set.copyOf(fresh));
        for (String arn : fresh) {
            Optional<TaskState> task = allowed.stream().filter(t -> t.taskArn().equals(arn)).findFirst();
            String ip = snapshot.ip(arn);
            String why = task.isEmpty() ? refusal(fleet, arn, config, now)
                    : snapshot.mark(arn) != null ? "already marked"
                    : ip == null ? "no load balancer target (the task has no ENI address)"
                    : context.ports.targets().state(service.targetGroupArn(), ip, service.targetPort()) != DrainCheck.TargetState.REGISTERED
                    ? "not registered in the target group on port " + service.targetPort() + " (check targetPort)" : null;
            if (why != null) {
                refused.add(new Refusal(arn, why));
                continue;
            }
            TaskMark held = new TaskMark(arn, TaskMark.Kind.CORDONED, state.executionName(), now, now.plusSeconds(window.seconds()), true);
            context.ports.ledger().putMark(service.ref(), held);
            context.ports.targets().deregister(service.targetGroupArn(), ip, service.targetPort());
            // at rest, the cordon counts from when DeregisterTargets returned: the load balancer's lag ends late, never early
            context.ports.ledger().putMark(service.ref(), new TaskMark(arn, TaskMark.Kind.CORDONED, null, context.now(), held.deadline(), true));
            cordoned.add(arn);
        }
        return WorkflowState.tree(new TaskActionResult(cordoned, refused));
    }

    /**
     * Settles a cordon a repeated step finds half done (its own held mark). Its target out: the mark goes to rest, timed
     * from now, when the deregistration has surely returned. Its target still registered (the call never took effect),
     * or its task gone: the mark is removed and the task left as it is; null, or why it was not cordoned.
     */
    private String finish(StepsService service, StepContext.Snapshot snapshot, TaskMark held) {
        String ip = snapshot.ip(held.taskArn());
        boolean registered = ip != null
                && context.ports.targets().state(service.targetGroupArn(), ip, service.targetPort()) == DrainCheck.TargetState.REGISTERED;
        if (registered || !snapshot.live(held.taskArn())) {
            context.ports.ledger().deleteMark(service.ref(), held);
            return registered ? "its deregistration did not take effect: left in service" : "no longer running";
        }
        context.ports.ledger().putMark(service.ref(), new TaskMark(held.taskArn(), TaskMark.Kind.CORDONED, null, context.now(),
                held.deadline(), true));
        return null;
    }

    private static String refusal(FleetSnapshot fleet, String arn, ScalerConfig config, Instant now) {
        Optional<TaskState> task = fleet.tasks().stream().filter(t -> t.taskArn().equals(arn)).findFirst();
        if (task.isEmpty() || task.get().lifecycle() != TaskLifecycle.RUNNING) {
            return "not a running task of the service";
        }
        TaskState t = task.get();
        return t.cordoned() || t.draining() ? "already out of the load balancer"
                : t.scaleInProtected() ? "scale-in protected"
                : !t.healthy() ? "unhealthy"
                : !SessionKnowledge.isKnown(t, config, now) ? "its sessions are unknown"
                : "cordoning it would leave too little capacity in service (the session targets, the buffer or minTasks)";
    }

    /**
     * Puts cordoned tasks back into service: the target registered again (ALB and NLB keep the sessions of a target that
     * is registered again while it drains) and the mark removed. The mark is first taken over by this execution, so
     * one that dies between the registration and the removal leaves work its recovery finishes, never a cordon mark on
     * a task in service. Tasks that are not cordoned, or whose mark another execution holds, are left as they are.
     */
    JsonNode readmit(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        if (!context.renewLease(service, state.executionName())) {
            return WorkflowState.tree(new TaskActionResult(List.of(), state.tasks().stream().map(t -> new Refusal(t, StepContext.NO_LEASE)).toList()));
        }
        return WorkflowState.tree(readmit(service, state.tasks(), state.executionName()));
    }

    TaskActionResult readmit(StepsService service, List<String> tasks, String executionName) {
        StepContext.Snapshot snapshot = context.snapshot(service);
        List<String> readmitted = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (String arn : tasks) {
            TaskMark mark = snapshot.mark(arn);
            if (mark == null || mark.kind() != TaskMark.Kind.CORDONED) {
                String ip = snapshot.ip(arn);
                boolean inService = mark == null && ip != null && snapshot.live(arn)
                        && context.ports.targets().state(service.targetGroupArn(), ip, service.targetPort()) == DrainCheck.TargetState.REGISTERED;
                if (inService) {
                    readmitted.add(arn);  // done already (a repeated step): the end state is what was asked
                } else {
                    refused.add(new Refusal(arn, "not cordoned"));
                }
                continue;
            }
            if (mark.held() && !mark.holder().equals(executionName)) {
                refused.add(new Refusal(arn, "marked by another execution: its recovery puts it back"));
                continue;
            }
            TaskMark ours = new TaskMark(arn, TaskMark.Kind.CORDONED, executionName, mark.since(), mark.deadline(), true);
            context.ports.ledger().putMark(service.ref(), ours);
            String ip = snapshot.ip(arn);
            if (ip != null && snapshot.live(arn)) {
                context.ports.targets().register(service.targetGroupArn(), ip, service.targetPort());
                readmitted.add(arn);
            } else {
                refused.add(new Refusal(arn, "no longer running"));
            }
            context.ports.ledger().deleteMark(service.ref(), ours);
        }
        return new TaskActionResult(readmitted, refused);
    }

    /**
     * Which named cordoned tasks have drained and may be stopped now (invariant 1, checked again right before the stop
     * by LowerDesired): running, unprotected, of known sessions, idle, gone from the load balancer, cordoned for longer
     * than the load balancer's lag; never below minTasks nor during a deployment; and, when the service rebalances zones,
     * only as many as keep them even. The others stay cordoned, untouched. The result is the stop path's plan.
     */
    JsonNode verifyRetire(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        Instant now = context.now();
        StepContext.Snapshot snapshot = context.snapshot(service);
        FleetSnapshot fleet = withProtection(snapshot.fleet(), state.tasks());
        List<TaskState> dueSoon = CordonPlanner.busyDueWithin(fleet.tasks(), service.config(), now, WorkflowTiming.RETIREMENT_SECONDS);
        if (!dueSoon.isEmpty()) {
            // invariant 7: a retirement holds the lease, and that readmission must not wait behind it (as the analyzer decides)
            String why = "cordoned task " + dueSoon.get(0).taskArn() + " holds sessions and reaches its deadline within the "
                    + WorkflowTiming.RETIREMENT_SECONDS + " s a retirement may hold the lease: it must be readmitted first";
            return WorkflowState.tree(new StopPlan(List.of(), state.tasks().stream().map(arn -> new Refusal(arn, why)).toList()));
        }
        int room = fleet.service().deploymentInProgress() ? 0
                : Math.min(service.config().maxScaleInPerRun(), fleet.service().desiredCount() - service.config().minTasks());
        List<TaskState> retirable = CordonPlanner.retirable(fleet.tasks().stream().filter(t -> state.tasks().contains(t.taskArn())).toList(),
                service.config(), now, Integer.MAX_VALUE, false);
        List<TaskState> drained = new ArrayList<>();
        List<Refusal> kept = new ArrayList<>();
        for (String arn : state.tasks()) {
            Optional<TaskState> task = retirable.stream().filter(t -> t.taskArn().equals(arn)).findFirst();
            String ip = snapshot.ip(arn);
            TaskMark mark = snapshot.mark(arn);
            String why = mark != null && mark.held() ? "its cordon is not at rest (another execution is cordoning or readmitting it,"
                    + " or left that half done for the recovery to finish): its time out of service is not known yet"
                    : task.isEmpty() ? "not a drained cordoned task (sessions, protection, or cordoned too recently)"
                    : ip != null && context.ports.targets().state(service.targetGroupArn(), ip, service.targetPort())
                    != DrainCheck.TargetState.NOT_REGISTERED ? "its target has not left the load balancer yet" : null;
            if (why == null) {
                drained.add(task.get());
            } else {
                kept.add(new Refusal(arn, why));
            }
        }
        List<String> stopping = StopSteps.withinLimits(fleet, drained, room, fleet.service().deploymentInProgress()
                ? "an ECS deployment is in progress" : "beyond maxScaleInPerRun or below minTasks", kept);
        return WorkflowState.tree(new StopPlan(stopping, kept));
    }

    /** The fleet, knowing which of these tasks ECS protects now. */
    private FleetSnapshot withProtection(FleetSnapshot fleet, List<String> tasks) {
        Set<String> protectedTasks = context.ports.fleet().protectedAmong(fleet.service().ref(), tasks);
        return new FleetSnapshot(fleet.service(), fleet.serviceCpuPercent(), fleet.serviceMemoryPercent(), fleet.serviceMaxCpuPercent(),
                fleet.tasks().stream().map(t -> protectedTasks.contains(t.taskArn()) ? t.withProtection(true) : t).toList());
    }
}
