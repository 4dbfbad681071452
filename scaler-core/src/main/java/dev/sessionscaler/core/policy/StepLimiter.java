package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;

/** Step 3, limit: at most {@code maxScaleOutStep} tasks added and {@code maxScaleInPerRun} removed per decision. */
public final class StepLimiter {

    public Proposal limit(Proposal proposal, int current, ScalerConfig config) {
        int desired = proposal.desiredCount();
        // long: a proposal may saturate at Integer.MAX_VALUE, and current + step must not wrap around
        if (desired > (long) current + config.maxScaleOutStep()) {
            return proposal.withDesired(current + config.maxScaleOutStep(),
                    "limited to +" + config.maxScaleOutStep() + " by maxScaleOutStep");
        }
        if (desired < (long) current - config.maxScaleInPerRun()) {
            return proposal.withDesired(current - config.maxScaleInPerRun(),
                    "limited to -" + config.maxScaleInPerRun() + " by maxScaleInPerRun");
        }
        return proposal;
    }
}
