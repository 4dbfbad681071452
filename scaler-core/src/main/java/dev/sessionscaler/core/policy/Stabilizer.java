package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ReasonCode;
import java.time.Duration;
import java.time.Instant;

/**
 * Step 2, stabilize: a scale-in passes only if no deployment is rolling, the low condition has held
 * for the whole stabilization window, and no scale-out happened within the cooldown. Scale-outs
 * pass untouched: reacting fast is the point.
 */
public final class Stabilizer {

    public Proposal stabilize(Proposal proposal, FleetObservation fleet, ScalerConfig config,
                              DecisionHistory history, Instant now) {
        int current = fleet.desiredCount();
        if (proposal.desiredCount() >= current) {
            return proposal;
        }
        if (fleet.deploymentInProgress()) {
            return new Proposal(current, ReasonCode.BLOCKED_BY_DEPLOYMENT,
                    "scale-in to " + proposal.desiredCount() + " waits until the deployment completes");
        }
        Instant lowSince = nextLowSince(true, history, now);
        Duration low = Duration.between(lowSince, now);
        if (low.getSeconds() < config.scaleInStabilizationSeconds()) {
            return new Proposal(current, ReasonCode.STABILIZING, "low for " + low.getSeconds() + " s of "
                    + config.scaleInStabilizationSeconds() + " s before scaling in to " + proposal.desiredCount());
        }
        Instant lastOut = history.lastScaleOutAt();
        if (lastOut != null && now.isBefore(lastOut.plusSeconds(config.scaleOutCooldownSeconds()))) {
            return new Proposal(current, ReasonCode.COOLDOWN, "last scale-out at " + lastOut + ", cooldown "
                    + config.scaleOutCooldownSeconds() + " s");
        }
        return proposal;
    }

    /** The low condition's start, carried from run to run; it resets as soon as the condition breaks. */
    public static Instant nextLowSince(boolean low, DecisionHistory history, Instant now) {
        if (!low) {
            return null;
        }
        Instant since = history.lowSince();
        return since == null || since.isAfter(now) ? now : since;
    }
}
