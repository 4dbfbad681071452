package dev.sessionscaler.core.decision;

import dev.sessionscaler.core.config.ScaleInMode;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.config.ScheduleWindow;
import dev.sessionscaler.core.policy.RaisedFloor;
import dev.sessionscaler.core.drain.DrainTiming;
import dev.sessionscaler.core.drain.WorkflowTiming;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ReasonCode;
import dev.sessionscaler.core.model.ScaleAction;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.policy.BoundsClamp;
import dev.sessionscaler.core.policy.CordonPlanner;
import dev.sessionscaler.core.policy.FleetObservation;
import dev.sessionscaler.core.policy.Proposal;
import dev.sessionscaler.core.policy.Recommender;
import dev.sessionscaler.core.policy.Stabilizer;
import dev.sessionscaler.core.policy.StepLimiter;
import dev.sessionscaler.core.policy.VictimPlanner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides for one service, as a pipeline of pure steps (DESIGN.md sections 5 and 5b). Each step
 * returns a desired count and a reason; all of them go into the audit record.
 * <ol start="0">
 *   <li><b>observe</b> ({@link FleetObservation}): reduce the fleet to loads, capacity and counts;
 *       a stale heartbeat makes a task's sessions unknown, which counts as busy; a cordoned task is capacity
 *       only for its own sessions.</li>
 *   <li><b>recommend</b> ({@link Recommender}): scale out if any signal (session utilisation,
 *       idle-slot buffer, hot task, average CPU or memory) needs more tasks; propose scale-in only
 *       when sessions and CPU are both well below target and metrics are known.</li>
 *   <li><b>stabilize</b> ({@link Stabilizer}): hold a scale-in during a deployment, until the low
 *       condition has lasted the stabilization window, and within the cooldown after a scale-out.</li>
 *   <li><b>limit</b> ({@link StepLimiter}): at most {@code maxScaleOutStep} up, {@code maxScaleInPerRun} down.</li>
 *   <li><b>clamp</b> ({@link BoundsClamp}): keep the result within [minTasks, maxTasks].</li>
 *   <li><b>cordon</b> ({@link CordonPlanner}), in this order: capacity needed goes to cordoned tasks before new
 *       ones (readmit, the fullest first); a cordoned task with sessions at its deadline is readmitted; a drained
 *       cordoned task is retired; a scale-in cordons surplus tasks (idle first, then the fewest sessions), unless
 *       {@code scaleInMode} is {@code IDLE_ONLY} or the load balancer leaves a cordon too little time.</li>
 *   <li><b>plan victims</b> ({@link VictimPlanner}): a scale-in without cordoning chooses only idle, healthy,
 *       unprotected, known, non-draining tasks, AZ-balanced then oldest; too few gives a partial scale-in or none.</li>
 * </ol>
 * The returned history is the input of the next run; the pipeline keeps no state of its own.
 */
public final class DecisionPipeline {
    private final Recommender recommender = new Recommender();
    private final Stabilizer stabilizer = new Stabilizer();
    private final StepLimiter limiter = new StepLimiter();
    private final BoundsClamp clamp = new BoundsClamp();
    private final VictimPlanner planner = new VictimPlanner();

    /** Steps 0 to 4: what the signals ask for, damped, limited and clamped. */
    private record Base(FleetObservation fleet, Recommender.Result recommendation, Proposal proposal, List<StepTrace> steps,
                        RaisedFloor floor) {
    }

    /** What the cordon step and victim planning chose. */
    private record Outcome(ScaleAction action, Proposal proposal, List<TaskState> victims, List<TaskState> cordon,
                           List<TaskState> readmit, List<TaskState> retire, boolean partial, Map<VictimPlanner.Exclusion, Integer> excluded) {
        static Outcome of(ScaleAction action, Proposal proposal) {
            return new Outcome(action, proposal, List.of(), List.of(), List.of(), List.of(), false, Map.of());
        }
    }

    public Decision decide(DecisionInput configured) {
        // a scheduled or learned floor on now raises minTasks for every rule below (the clamp, cordon and victim planning)
        ScheduleWindow scheduled = configured.config().raisingWindow(configured.now()).orElse(null);
        RaisedFloor floor = RaisedFloor.highest(configured.config().minTasks(), scheduled, configured.learnedFloor());
        DecisionInput input = floor == null ? configured : configured.withConfig(configured.config().withMinimum(floor.minTasks()));
        ScalerConfig config = input.config();
        Instant now = input.now();
        Base base = base(input, floor);
        int current = base.fleet().desiredCount();
        CordonPlanner.Window window = CordonPlanner.window(input.loadBalancer(), config);
        Outcome outcome = cordonStep(input, base, window);
        if (outcome == null) {
            outcome = planVictims(input, base, window);
        }
        List<StepTrace> steps = base.steps();
        Proposal proposal = outcome.proposal();
        DecisionHistory next = nextHistory(input.history(), base.recommendation().low(), outcome.action(), config.dryRun(), now);
        String message = message(outcome.action(), current, proposal.desiredCount(), proposal, config.dryRun(), outcome);
        AuditRecord audit = new AuditRecord(input.fleet().service().cluster(), input.fleet().service().service(),
                now, outcome.action(), proposal.reason(), current, proposal.desiredCount(), config.dryRun(), outcome.partial(),
                base.fleet(), base.recommendation().scaleOutNeeds(), base.recommendation().scaleInNeeds(), List.copyOf(steps),
                evidence(outcome.victims()), evidence(outcome.cordon()), evidence(outcome.readmit()), evidence(outcome.retire()),
                config.scaleInMode() == ScaleInMode.CORDON ? window.seconds() : null,
                config.scaleInMode() == ScaleInMode.CORDON ? window.unavailable() : null,
                outcome.excluded(), input.history(), config, scheduled == null ? null : scheduled.describe(),
                configured.learnedFloor() == null ? null : configured.learnedFloor().reason());
        return new Decision(outcome.action(), proposal.desiredCount(), arns(outcome.victims()), arns(outcome.cordon()),
                arns(outcome.readmit()), arns(outcome.retire()), proposal.reason(), message, config.dryRun(), next, audit);
    }

    private Base base(DecisionInput input, RaisedFloor floor) {
        ScalerConfig config = input.config();
        FleetObservation fleet = FleetObservation.of(input.fleet(), config, input.now());
        int current = fleet.desiredCount();
        List<StepTrace> steps = new ArrayList<>();
        Recommender.Result recommendation = recommender.recommend(fleet, config);
        Proposal proposal = trace(steps, "recommend", recommendation.proposal());
        proposal = trace(steps, "stabilize", stabilizer.stabilize(proposal, fleet, config, input.history(), input.now()));
        proposal = trace(steps, "limit", limiter.limit(proposal, current, config));
        proposal = trace(steps, "clamp", clamp.clamp(proposal, recommendation.proposal(), fleet, config, floor));
        return new Base(fleet, recommendation, proposal, steps, floor);
    }

    /** Step 5, or null when there is nothing for it to do and victim planning decides. */
    private Outcome cordonStep(DecisionInput input, Base base, CordonPlanner.Window window) {
        ScalerConfig config = input.config();
        Instant now = input.now();
        List<TaskState> tasks = input.fleet().tasks();
        int current = base.fleet().desiredCount();
        Proposal proposal = base.proposal();
        List<TaskState> due = CordonPlanner.readmitDue(tasks, config, now, 0);
        if (needsCapacity(base) && base.fleet().cordonedTasks() > 0) {
            return readmitForCapacity(input, base, due);
        }
        if (!due.isEmpty()) {
            return readmitAtDeadline(base, due, due.size() + " cordoned task(s) at their deadline: back into service before the"
                    + " load balancer could close what they hold");
        }
        Outcome belowFloor = readmitToMinimum(base, tasks, config);
        if (belowFloor != null) {
            return belowFloor;
        }
        int retireRoom = input.fleet().service().deploymentInProgress() ? 0
                : Math.min(config.maxScaleInPerRun(), current - config.minTasks());
        List<TaskState> retire = CordonPlanner.retirable(tasks, config, now, retireRoom, input.fleet().service().azRebalancing());
        if (!retire.isEmpty()) {
            List<TaskState> soon = CordonPlanner.busyDueWithin(tasks, config, now, WorkflowTiming.RETIREMENT_SECONDS);
            if (!soon.isEmpty()) {
                return readmitAtDeadline(base, soon, soon.size() + " cordoned task(s) holding sessions reach their deadline"
                        + " within the " + WorkflowTiming.RETIREMENT_SECONDS + " s a retirement may hold the lease: back into"
                        + " service first");
            }
            Proposal retired = trace(base.steps(), "cordon", new Proposal(current - retire.size(), ReasonCode.RETIRE_DRAINED,
                    retire.size() + " cordoned task(s) drained: every session ended and the load balancer no longer sends them any"));
            return new Outcome(ScaleAction.RETIRE, retired, List.of(), List.of(), List.of(), retire, false, Map.of());
        }
        if (proposal.desiredCount() >= current || config.scaleInMode() != ScaleInMode.CORDON || config.maxCordonedTasks() == 0
                || !window.available()) {
            return null;
        }
        // idle surplus too leaves through a cordon and a retirement: short executions, so the lease is never held
        // through a long drain while a cordoned task's deadline comes
        List<TaskState> cordon = CordonPlanner.cordon(tasks, base.fleet(), config, now, current - proposal.desiredCount());
        if (cordon.isEmpty()) {
            VictimPlanner.Plan plan = planner.plan(tasks, current - proposal.desiredCount(), config, now,
                    input.fleet().service().azRebalancing());
            return new Outcome(ScaleAction.NONE, trace(base.steps(), "cordon", new Proposal(current, ReasonCode.BLOCKED_BY_SESSIONS,
                    proposal.detail() + "; no surplus task can be cordoned now (not eligible: " + plan.excluded()
                            + "; the tasks in service never go below minTasks)")), List.of(), List.of(), List.of(), List.of(),
                    false, plan.excluded());
        }
        Proposal cordoned = trace(base.steps(), "cordon", new Proposal(current, ReasonCode.CORDON_SURPLUS,
                proposal.detail() + "; " + cordon.size() + " surplus task(s) with " + cordon.stream().mapToInt(TaskState::activeSessions).sum()
                        + " session(s) leave the load balancer for at most " + window.seconds() + " s while their sessions end"));
        return new Outcome(ScaleAction.CORDON, cordoned, List.of(), cordon, List.of(), List.of(), cordon.size() < current - proposal.desiredCount(),
                Map.of());
    }

    /**
     * Invariant 9 when the minimum rises (a scheduled or learned floor opening): the tasks in service, not the desired
     * count, must meet it, so cordoned tasks go back, the fullest first, until they do. Null when they already do.
     */
    private static Outcome readmitToMinimum(Base base, List<TaskState> tasks, ScalerConfig config) {
        // in service as the cordon planner counts it (invariant 9): what ECS runs for the desired count, less the cordons
        int inService = base.fleet().desiredCount() - base.fleet().cordonedTasks();
        int shortfall = Math.min(ScalerConfig.MAX_TASKS_STOPPED_AT_ONCE, config.minTasks() - inService);
        List<TaskState> cordoned = CordonPlanner.fullestFirst(tasks);
        if (shortfall <= 0 || cordoned.isEmpty()) {
            return null;
        }
        List<TaskState> back = cordoned.subList(0, Math.min(shortfall, cordoned.size()));
        String minimum = base.floor() == null ? "minTasks " + config.minTasks() : base.floor().named();
        Proposal readmit = trace(base.steps(), "cordon", new Proposal(base.fleet().desiredCount(), ReasonCode.READMIT_FOR_CAPACITY,
                "only " + inService + " task(s) in service, below " + minimum + ": " + back.size() + " cordoned task(s) back first"));
        return new Outcome(ScaleAction.READMIT, readmit, List.of(), List.of(), List.copyOf(back), List.of(), false, Map.of());
    }

    private static Outcome readmitAtDeadline(Base base, List<TaskState> tasks, String detail) {
        int current = base.fleet().desiredCount();
        Proposal readmit = trace(base.steps(), "cordon", new Proposal(current, ReasonCode.READMIT_DEADLINE, detail));
        return new Outcome(ScaleAction.READMIT, readmit, List.of(), List.of(), tasks, List.of(), false, Map.of());
    }

    /**
     * Whether more capacity is needed: a scale-out, or a signal asking for more tasks while the count is held where it is
     * (at maxTasks the clamped proposal is no scale-out, but cordoned tasks can still give the capacity back). Above
     * maxTasks the count must come down, and nothing is readmitted for capacity.
     */
    private static boolean needsCapacity(Base base) {
        int current = base.fleet().desiredCount();
        return base.proposal().desiredCount() > current
                || base.proposal().desiredCount() == current && base.recommendation().proposal().desiredCount() > current;
    }

    /**
     * Capacity is needed: cordoned tasks go back first, the fullest first, as few as bring the need within the
     * current count; if all of them are not enough, the rest is a scale-out as the pipeline would decide it with
     * them back in service. Tasks at their deadline come back in any case.
     */
    private Outcome readmitForCapacity(DecisionInput input, Base base, List<TaskState> due) {
        int current = base.fleet().desiredCount();
        Set<String> back = new LinkedHashSet<>();
        due.forEach(t -> back.add(t.taskArn()));
        for (TaskState task : CordonPlanner.fullestFirst(input.fleet().tasks())) {
            boolean full = back.size() >= ScalerConfig.MAX_TASKS_STOPPED_AT_ONCE;  // one execution's worth; the next run does more
            if (full || !needsCapacity(base(input.withFleet(readmitted(input.fleet(), back)), base.floor()))) {
                break;
            }
            back.add(task.taskArn());
        }
        Base after = base(input.withFleet(readmitted(input.fleet(), back)), base.floor());
        List<TaskState> readmit = input.fleet().tasks().stream().filter(t -> back.contains(t.taskArn())).toList();
        if (after.proposal().desiredCount() <= current) {
            Proposal proposal = trace(base.steps(), "cordon", new Proposal(current, ReasonCode.READMIT_FOR_CAPACITY,
                    base.proposal().detail() + "; " + readmit.size() + " cordoned task(s) back into service cover it"));
            return new Outcome(ScaleAction.READMIT, proposal, List.of(), List.of(), readmit, List.of(), false, Map.of());
        }
        Proposal proposal = trace(base.steps(), "cordon", after.proposal().withDesired(after.proposal().desiredCount(),
                "every cordoned task (" + readmit.size() + ") back into service first"));
        return new Outcome(ScaleAction.SCALE_OUT, proposal, List.of(), List.of(), readmit, List.of(), false, Map.of());
    }

    private static FleetSnapshot readmitted(FleetSnapshot fleet, Set<String> arns) {
        List<TaskState> tasks = fleet.tasks().stream().map(t -> !arns.contains(t.taskArn()) ? t
                : t.uncordoned()).toList();
        return new FleetSnapshot(fleet.service(), fleet.serviceCpuPercent(), fleet.serviceMemoryPercent(), fleet.serviceMaxCpuPercent(), tasks);
    }

    /** Step 6: a scale-in that stops only idle tasks (IDLE_ONLY, or no cordon possible), or no change. */
    private Outcome planVictims(DecisionInput input, Base base, CordonPlanner.Window window) {
        ScalerConfig config = input.config();
        int current = base.fleet().desiredCount();
        Proposal proposal = base.proposal();
        if (proposal.desiredCount() >= current) {
            return Outcome.of(proposal.desiredCount() > current ? ScaleAction.SCALE_OUT : ScaleAction.NONE, proposal);
        }
        if (base.fleet().cordonedTasks() > 0) {
            // a drain holds the lease until its target is gone, which may be the whole delay: a cordoned task's
            // readmission must never wait behind it
            return Outcome.of(ScaleAction.NONE, trace(base.steps(), "plan victims", new Proposal(current, ReasonCode.BLOCKED_BY_CORDONS,
                    proposal.detail() + "; " + base.fleet().cordonedTasks() + " task(s) are cordoned")));
        }
        String unsafe = input.loadBalancer() == null ? null : DrainTiming.unsafeDelay(input.loadBalancer().deregistrationDelaySeconds());
        if (unsafe != null) {
            return Outcome.of(ScaleAction.NONE, trace(base.steps(), "plan victims",
                    new Proposal(current, ReasonCode.DELAY_TOO_SHORT, proposal.detail() + "; " + unsafe)));
        }
        VictimPlanner.Plan plan = planner.plan(input.fleet().tasks(), current - proposal.desiredCount(), config, input.now(),
                input.fleet().service().azRebalancing());
        proposal = trace(base.steps(), "plan victims", victimsProposal(proposal, plan, current, config, window));
        ScaleAction action = proposal.desiredCount() < current ? ScaleAction.SCALE_IN : ScaleAction.NONE;
        return new Outcome(action, proposal, plan.victims(), List.of(), List.of(), List.of(), plan.partial(), plan.excluded());
    }

    private static Proposal victimsProposal(Proposal proposal, VictimPlanner.Plan plan, int current, ScalerConfig config,
                                            CordonPlanner.Window window) {
        if (plan.victims().isEmpty()) {
            String notEligible = "wanted to remove " + (current - proposal.desiredCount()) + " task(s); not eligible: " + plan.excluded();
            if (config.scaleInMode() == ScaleInMode.CORDON && !window.available()) {
                return new Proposal(current, ReasonCode.CORDON_UNAVAILABLE, notEligible + "; cordoning busy tasks is not possible: "
                        + window.unavailable());
            }
            return new Proposal(current, ReasonCode.BLOCKED_BY_SESSIONS, notEligible);
        }
        int desired = current - plan.victims().size();
        return plan.partial()
                ? proposal.withDesired(desired, "only " + plan.victims().size() + " eligible idle task(s) now; not eligible: " + plan.excluded())
                : proposal;
    }

    /** Capacity readmitted counts as a scale-out for the cooldown; a cordon as a scale-in. */
    private static DecisionHistory nextHistory(DecisionHistory history, boolean low, ScaleAction action,
                                               boolean dryRun, Instant now) {
        Instant lastOut = history.lastScaleOutAt();
        Instant lastIn = history.lastScaleInAt();
        if (!dryRun && (action == ScaleAction.SCALE_OUT || action == ScaleAction.READMIT)) {
            lastOut = now;
        }
        if (!dryRun && (action == ScaleAction.SCALE_IN || action == ScaleAction.CORDON)) {
            lastIn = now;
        }
        return new DecisionHistory(Stabilizer.nextLowSince(low, history, now), lastOut, lastIn);
    }

    private static String message(ScaleAction action, int current, int desired, Proposal proposal, boolean dryRun, Outcome outcome) {
        String head = switch (action) {
            case SCALE_OUT -> "Scale out " + current + " -> " + desired
                    + (outcome.readmit().isEmpty() ? "" : " after readmitting " + outcome.readmit().size() + " cordoned task(s)");
            case SCALE_IN -> "Scale in " + current + " -> " + desired;
            case CORDON -> "Cordon " + outcome.cordon().size() + " task(s) at " + current;
            case READMIT -> "Readmit " + outcome.readmit().size() + " cordoned task(s) at " + current;
            case RETIRE -> "Retire " + outcome.retire().size() + " drained task(s): " + current + " -> " + desired;
            case NONE -> "No change at " + current;
        };
        return (dryRun && action != ScaleAction.NONE ? "[dry run] " : "") + head + ": "
                + proposal.reason().description() + " (" + proposal.detail() + ")";
    }

    private static List<VictimEvidence> evidence(List<TaskState> tasks) {
        return tasks.stream().map(VictimEvidence::of).toList();
    }

    private static List<String> arns(List<TaskState> tasks) {
        return tasks.stream().map(TaskState::taskArn).toList();
    }

    private static Proposal trace(List<StepTrace> steps, String step, Proposal proposal) {
        steps.add(new StepTrace(step, proposal.desiredCount(), proposal.reason(), proposal.detail()));
        return proposal;
    }
}
