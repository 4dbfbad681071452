package dev.sessionscaler.core.decision;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ReasonCode;
import dev.sessionscaler.core.model.ScaleAction;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.policy.BoundsClamp;
import dev.sessionscaler.core.policy.FleetObservation;
import dev.sessionscaler.core.policy.Proposal;
import dev.sessionscaler.core.policy.Recommender;
import dev.sessionscaler.core.policy.Stabilizer;
import dev.sessionscaler.core.policy.StepLimiter;
import dev.sessionscaler.core.policy.VictimPlanner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides for one service, as a pipeline of pure steps (ARCHITECTURE.md section 5). Each step
 * returns a desired count and a reason; all of them go into the audit record.
 * <ol start="0">
 *   <li><b>observe</b> ({@link FleetObservation}): reduce the fleet to loads, capacity and counts;
 *       a stale heartbeat makes a task's sessions unknown, which counts as busy.</li>
 *   <li><b>recommend</b> ({@link Recommender}): scale out if any signal (session utilisation,
 *       idle-slot buffer, hot task, average CPU or memory) needs more tasks; propose scale-in only
 *       when sessions and CPU are both well below target and metrics are known.</li>
 *   <li><b>stabilize</b> ({@link Stabilizer}): hold a scale-in during a deployment, until the low
 *       condition has lasted the stabilization window, and within the cooldown after a scale-out.</li>
 *   <li><b>limit</b> ({@link StepLimiter}): at most {@code maxScaleOutStep} up, {@code maxScaleInPerRun} down.</li>
 *   <li><b>clamp</b> ({@link BoundsClamp}): keep the result within [minTasks, maxTasks].</li>
 *   <li><b>plan victims</b> ({@link VictimPlanner}): choose only idle, healthy, unprotected, known,
 *       non-draining tasks, AZ-balanced then oldest; too few gives a partial scale-in or none.</li>
 * </ol>
 * The returned history is the input of the next run; the pipeline keeps no state of its own.
 */
public final class DecisionPipeline {
    private final Recommender recommender = new Recommender();
    private final Stabilizer stabilizer = new Stabilizer();
    private final StepLimiter limiter = new StepLimiter();
    private final BoundsClamp clamp = new BoundsClamp();
    private final VictimPlanner planner = new VictimPlanner();

    public Decision decide(DecisionInput input) {
        ScalerConfig config = input.config();
        Instant now = input.now();
        DecisionHistory history = input.history();
        FleetObservation fleet = FleetObservation.of(input.fleet(), config, now);
        int current = fleet.desiredCount();
        List<StepTrace> steps = new ArrayList<>();

        Recommender.Result recommendation = recommender.recommend(fleet, config);
        Proposal proposal = trace(steps, "recommend", recommendation.proposal());
        proposal = trace(steps, "stabilize", stabilizer.stabilize(proposal, fleet, config, history, now));
        proposal = trace(steps, "limit", limiter.limit(proposal, current, config));
        proposal = trace(steps, "clamp", clamp.clamp(proposal, recommendation.proposal(), fleet, config));

        VictimPlanner.Plan plan = new VictimPlanner.Plan(List.of(), false, Map.of());
        if (proposal.desiredCount() < current) {
            plan = planner.plan(input.fleet().tasks(), current - proposal.desiredCount(), config, now,
                    input.fleet().service().azRebalancing());
            proposal = trace(steps, "plan victims", victimsProposal(proposal, plan, current));
        }

        int desired = proposal.desiredCount();
        ScaleAction action = desired > current ? ScaleAction.SCALE_OUT
                : desired < current ? ScaleAction.SCALE_IN : ScaleAction.NONE;
        DecisionHistory next = nextHistory(history, recommendation.low(), action, config.dryRun(), now);
        List<String> victims = plan.victims().stream().map(TaskState::taskArn).toList();
        String message = message(action, current, desired, proposal, config.dryRun());
        AuditRecord audit = new AuditRecord(input.fleet().service().cluster(), input.fleet().service().service(),
                now, action, proposal.reason(), current, desired, config.dryRun(), plan.partial(), fleet,
                recommendation.scaleOutNeeds(), recommendation.scaleInNeeds(), List.copyOf(steps),
                plan.victims().stream().map(VictimEvidence::of).toList(), plan.excluded(), history, config);
        return new Decision(action, desired, victims, proposal.reason(), message, config.dryRun(), next, audit);
    }

    private static Proposal victimsProposal(Proposal proposal, VictimPlanner.Plan plan, int current) {
        if (plan.victims().isEmpty()) {
            return new Proposal(current, ReasonCode.BLOCKED_BY_SESSIONS,
                    "wanted to remove " + (current - proposal.desiredCount()) + " task(s); not eligible: " + plan.excluded());
        }
        int desired = current - plan.victims().size();
        return plan.partial()
                ? proposal.withDesired(desired, "only " + plan.victims().size() + " eligible idle task(s) now; not eligible: " + plan.excluded())
                : proposal;
    }

    private static DecisionHistory nextHistory(DecisionHistory history, boolean low, ScaleAction action,
                                               boolean dryRun, Instant now) {
        Instant lastOut = history.lastScaleOutAt();
        Instant lastIn = history.lastScaleInAt();
        if (!dryRun && action == ScaleAction.SCALE_OUT) {
            lastOut = now;
        }
        if (!dryRun && action == ScaleAction.SCALE_IN) {
            lastIn = now;
        }
        return new DecisionHistory(Stabilizer.nextLowSince(low, history, now), lastOut, lastIn);
    }

    private static String message(ScaleAction action, int current, int desired, Proposal proposal, boolean dryRun) {
        String head = switch (action) {
            case SCALE_OUT -> "Scale out " + current + " -> " + desired;
            case SCALE_IN -> "Scale in " + current + " -> " + desired;
            case NONE -> "No change at " + current;
        };
        return (dryRun && action != ScaleAction.NONE ? "[dry run] " : "") + head + ": "
                + proposal.reason().description() + " (" + proposal.detail() + ")";
    }

    private static Proposal trace(List<StepTrace> steps, String step, Proposal proposal) {
        steps.add(new StepTrace(step, proposal.desiredCount(), proposal.reason(), proposal.detail()));
        return proposal;
    }
}
