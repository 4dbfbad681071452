package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.model.ReasonCode;

/**
 * What a pipeline step proposes: a desired count, why, and the numbers behind it.
 *
 * @param desiredCount the desired count after this step
 * @param reason       the rule that decided it (a step that changes nothing passes its input's reason on)
 * @param detail       a short human explanation with the figures used
 */
public record Proposal(int desiredCount, ReasonCode reason, String detail) {
    public Proposal withDesired(int desired, String moreDetail) {
        return new Proposal(desired, reason, detail + "; " + moreDetail);
    }
}
