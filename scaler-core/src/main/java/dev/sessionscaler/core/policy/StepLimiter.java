package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;

/** Step 3, limit: at most {@code maxScaleOutStep} tasks added and {@code maxScaleInPerRun} removed per decision. */
public final class StepLimiter {

    public Proposal limit(Proposal proposal, int current, ScalerConfig config) {
        int desired = proposal.desiredCount();
        if (desired > current + config.maxScaleOutStep()) {
            return proposal.withDesired(current + config.maxScaleOutStep(),
                    "limited to +" + config.maxScaleOutStep() + " by maxScaleOutStep");
        }
        if (desired < current - config.maxScaleInPerRun()) {
            return proposal.withDesired(current - config.maxScaleInPerRun(),
                    "limited to -" + config.maxScaleInPerRun() + " by maxScaleInPerRun");
        }
        return proposal;
    }
}
