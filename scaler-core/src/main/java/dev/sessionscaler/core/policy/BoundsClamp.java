package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ReasonCode;

/**
 * Step 4, clamp: the result always lies in [minTasks, maxTasks] (invariant 3).
 *
 * <p>A service found outside its bounds (someone changed it by hand, or the config changed) is
 * brought back: up to {@code minTasks} at once, since adding tasks is always safe; down toward
 * {@code maxTasks} by at most {@code maxScaleInPerRun} idle tasks per run, never skipping the
 * deployment check. Bounds win over the scale-out step: {@code minTasks} is the user's floor.
 */
public final class BoundsClamp {

    public Proposal clamp(Proposal proposal, Proposal recommended, FleetObservation fleet, ScalerConfig config) {
        return clamp(proposal, recommended, fleet, config, null);
    }

    /**
     * As above, with {@code config}'s {@code minTasks} raised to {@code floor} (a scheduled or learned floor), or null
     * when nothing raised it.
     */
    public Proposal clamp(Proposal proposal, Proposal recommended, FleetObservation fleet, ScalerConfig config, RaisedFloor floor) {
        int current = fleet.desiredCount();
        int min = config.minTasks();
        int max = config.maxTasks();
        int desired = proposal.desiredCount();
        String minName = floor == null ? "minTasks " + min : floor.named();
        if (current < min && desired < min) {
            return floor == null ? new Proposal(min, ReasonCode.BELOW_MIN, "desired " + current + " is below minTasks " + min)
                    : new Proposal(min, floor.reason(), "desired " + current + " is below " + minName);
        }
        if (current > max) {
            if (fleet.deploymentInProgress()) {
                return new Proposal(current, ReasonCode.BLOCKED_BY_DEPLOYMENT,
                        "desired " + current + " is above maxTasks " + max + "; waiting for the deployment");
            }
            int target = Math.max(max, current - config.maxScaleInPerRun());
            return new Proposal(Math.min(desired, target), ReasonCode.ABOVE_MAX,
                    "desired " + current + " is above maxTasks " + max + "; removing at most "
                            + config.maxScaleInPerRun() + " idle task(s) per run");
        }
        if (recommended.desiredCount() > current && current >= max) {
            return new Proposal(current, ReasonCode.AT_MAX, recommended.detail() + "; already at maxTasks " + max);
        }
        if (recommended.desiredCount() < current && current <= min) {
            return new Proposal(current, ReasonCode.AT_MIN, recommended.detail() + "; already at " + minName);
        }
        if (desired > max) {
            return proposal.withDesired(max, "clamped to maxTasks " + max);
        }
        if (desired < min) {
            return proposal.withDesired(min, "clamped to " + minName);
        }
        return proposal;
    }
}
