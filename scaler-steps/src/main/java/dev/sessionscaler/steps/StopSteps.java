package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.WorkflowTiming;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.StopRecord;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.policy.AzBalance;
import dev.sessionscaler.core.policy.SessionKnowledge;
import dev.sessionscaler.steps.WorkflowState.Confirmation;
import dev.sessionscaler.steps.WorkflowState.DrainResult;
import dev.sessionscaler.steps.WorkflowState.ProtectProgress;
import dev.sessionscaler.steps.WorkflowState.Refusal;
import dev.sessionscaler.steps.WorkflowState.StopPlan;
import dev.sessionscaler.steps.WorkflowState.StopResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stopping exactly the drained victims (invariant 2): PlanStop re-checks them, ProtectOthers protects every other
 * running task (as many invocations as a large fleet needs), LowerDesired re-checks them once more right before the
 * stop and lowers the desired count, ConfirmStopped waits for ECS to stop them. ReleaseProtection and Recover are in
 * {@link Unwinder}.
 */
final class StopSteps {
    private final StepContext context;
    private final ProtectionKeeper protection;

    StopSteps(StepContext context, ProtectionKeeper protection) {
        this.context = context;
        this.protection = protection;
    }

    /**
     * Reads and re-checks each drained victim; one that is busy, of unknown sessions, protected (by the application,
     * safety issue item 1) or no longer running is kept: back into the load balancer, unmarked.
     */
    JsonNode planStop(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        List<String> drained = state.drained() == null ? List.of() : state.drained().stream()
                .filter(d -> "DRAINED".equals(d.verdict())).map(DrainResult::taskArn).toList();
        StepContext.Snapshot snapshot = context.snapshot(service);
        List<Refusal> kept = new ArrayList<>();
        List<String> stopping = stillSafe(service, snapshot, drained, kept);
        kept.forEach(k -> context.keep(service, snapshot, k.taskArn(), state.executionName()));
        if (state.drained() != null) {
            // a victim that stopped on its own needs nothing more but its mark removed
            state.drained().stream().filter(d -> "GONE".equals(d.verdict()))
                    .forEach(d -> context.keep(service, snapshot, d.taskArn(), state.executionName()));
        }
        return WorkflowState.tree(new StopPlan(stopping, kept));
    }

    /**
     * The victims that are still safe to stop: running, idle, known, unprotected; within minTasks; and while the
     * service rebalances zones, only as many as keep them even. The others are added to {@code kept} with the reason.
     */
    private List<String> stillSafe(StepsService service, StepContext.Snapshot snapshot, List<String> victims, List<Refusal> kept) {
        Instant now = context.now();
        FleetSnapshot fleet = snapshot.fleet();
        Set<String> protectedTasks = victims.isEmpty() ? Set.of() : context.ports.fleet().protectedAmong(service.ref(), victims);
        List<TaskState> safe = new ArrayList<>();
        for (String arn : victims) {
            Optional<TaskState> task = fleet.tasks().stream().filter(t -> t.taskArn().equals(arn)).findFirst();
            String why = fleet.service().deploymentInProgress() ? "an ECS deployment started: it replaces tasks itself"
                    : task.isEmpty() || task.get().lifecycle() != TaskLifecycle.RUNNING ? "no longer running"
                    : protectedTasks.contains(arn) ? "scale-in protected by the application"
                    : !SessionKnowledge.isKnown(task.get(), service.config(), now) ? "its sessions are unknown"
                    : task.get().activeSessions() > 0 ? task.get().activeSessions() + " session(s) started on it"
                    : backInService(service, snapshot, arn) ? "it is back in the load balancer"
                    : null;
            if (why == null) {
                safe.add(task.get());
            } else {
                kept.add(new Refusal(arn, why));
            }
        }
        int removable = Math.max(0, fleet.service().desiredCount() - service.config().minTasks());
        return withinLimits(fleet, safe, removable, "stopping it would go below minTasks " + service.config().minTasks(), kept);
    }

    /**
     * The tasks that may stop now: at most {@code room} of {@code candidates}, and while the service rebalances zones
     * only those that keep them even; each of the others is kept, with the reason.
     */
    static List<String> withinLimits(FleetSnapshot fleet, List<TaskState> candidates, int room, String beyondRoom, List<Refusal> kept) {
        List<TaskState> balanced = fleet.service().azRebalancing()
                ? AzBalance.removable(DrainSteps.liveByZone(fleet), candidates, TaskState::availabilityZone) : candidates;
        List<String> stopping = new ArrayList<>();
        for (TaskState task : candidates) {
            if (!balanced.contains(task)) {
                kept.add(new Refusal(task.taskArn(), "stopping it would leave the zones uneven while the service rebalances them"));
            } else if (stopping.size() >= room) {
                kept.add(new Refusal(task.taskArn(), beyondRoom));
            } else {
                stopping.add(task.taskArn());
            }
        }
        return stopping;
    }

    /** Whether the victim's target is registered again (a readmission, or someone by hand): it may receive sessions. */
    private boolean backInService(StepsService service, StepContext.Snapshot snapshot, String arn) {
        String ip = snapshot.ip(arn);
        return ip != null && context.ports.targets().state(service.targetGroupArn(), ip, service.targetPort())
                == DrainCheck.TargetState.REGISTERED;
    }

    /** Protects running tasks other than the victims, a bounded number of calls per invocation (safety issue, item 8). */
    JsonNode protectOthers(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        requireLease(service, state.executionName());
        int remaining = protection.protectUncovered(service, state.executionName(), Set.copyOf(state.plan().stopping()),
                ProtectionKeeper.CALLS_PER_INVOCATION);
        return WorkflowState.tree(new ProtectProgress(remaining));
    }

    /**
     * Right before the stop: re-checks the victims once more (a victim that turned busy or protected is kept), protects
     * any task that started meanwhile, refuses to go on if the protection would not outlast the stop confirmation, writes
     * the stop record, then sets the absolute desired count. Repeated, it finds its record and sets the same count again
     * (a lost response must not lower it twice).
     */
    JsonNode lowerDesired(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        String holder = state.executionName();
        requireLease(service, holder);
        ScaleLedger ledger = context.ports.ledger().read(service.ref());
        Optional<StopRecord> recorded = ledger.stops().stream().filter(s -> s.holder().equals(holder)).findFirst();
        if (recorded.isPresent()) {
            StopRecord stop = recorded.get();
            context.ports.ecs().setDesiredCount(service.ref(), stop.desiredSet());
            return WorkflowState.tree(new StopResult(stop.victims(), List.of(), stop.desiredBefore(), stop.desiredSet(), stop.requestedAt()));
        }
        StepContext.Snapshot snapshot = context.snapshot(service);
        List<Refusal> kept = new ArrayList<>();
        List<String> stopping = stillSafe(service, snapshot, state.plan().stopping(), kept);
        kept.forEach(k -> context.keep(service, snapshot, k.taskArn(), holder));
        int desired = snapshot.fleet().service().desiredCount();
        if (stopping.isEmpty()) {
            return WorkflowState.tree(new StopResult(List.of(), kept, desired, desired, null));
        }
        protection.protectUncovered(service, holder, Set.copyOf(stopping), Integer.MAX_VALUE);
        Instant now = context.now();
        Instant earliest = protection.earliestExpiry(context.ports.ledger().read(service.ref()), holder);
        if (earliest != null && earliest.isBefore(now.plusSeconds(WorkflowTiming.STOP_CONFIRMATION_SECONDS + WorkflowTiming.RELEASE_BUDGET_SECONDS))) {
            throw new IllegalStateException("the protection set on the other tasks expires at " + earliest
                    + ", before the stop could be confirmed and undone if need be: not lowering the desired count");
        }
        // the last moment to find out that another execution holds the lease: nothing of ours is lowered yet
        requireLease(service, holder);
        StopRecord stop = new StopRecord(holder, stopping, desired, desired - stopping.size(), now);
        context.ports.ledger().putStop(service.ref(), stop);
        context.ports.ecs().setDesiredCount(service.ref(), stop.desiredSet());
        return WorkflowState.tree(new StopResult(stopping, kept, desired, stop.desiredSet(), now));
    }

    /**
     * Whether ECS has stopped every victim; after the deadline it stops waiting and the stop is undone where it did not
     * happen. A task that started running meanwhile (a replacement, a deployment) is protected too, before ECS could
     * pick it instead of a victim.
     */
    JsonNode confirmStopped(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        if (!context.renewLease(service, state.executionName())) {
            return WorkflowState.tree(new Confirmation(false, true, "the workflow no longer holds the service's lease"));
        }
        protection.protectUncovered(service, state.executionName(), Set.copyOf(state.stop().stopping()), Integer.MAX_VALUE);
        Set<String> live = new HashSet<>();
        context.ports.fleet().read(service.ref()).tasks().stream().filter(t -> !t.lifecycle().isLeaving())
                .forEach(t -> live.add(t.taskArn()));
        boolean allStopped = state.stop().stopping().stream().noneMatch(live::contains);
        boolean overdue = !allStopped && context.now().isAfter(
                state.stop().stopRequestedAt().plusSeconds(WorkflowTiming.STOP_CONFIRMATION_SECONDS));
        return WorkflowState.tree(new Confirmation(allStopped, overdue, allStopped ? "stopped"
                : overdue ? "ECS did not stop every victim within " + WorkflowTiming.STOP_CONFIRMATION_SECONDS + " s" : "waiting"));
    }

    private void requireLease(StepsService service, String holder) {
        if (!context.renewLease(service, holder)) {
            throw new LeaseLostException("the workflow no longer holds the lease of " + service.ref().key());
        }
    }
}
