package dev.sessionscaler.core.decision;

import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ReasonCode;
import dev.sessionscaler.core.model.ScaleAction;
import java.util.List;

/**
 * The outcome of one run of the pipeline.
 *
 * @param desiredCount the desired count asked for (the current one when the action is NONE)
 * @param victims      task ARNs to stop on scale-in, exactly {@code current - desiredCount} of them
 * @param history      the history to pass to the next decision
 * @param dryRun       decided in dry-run: record it, start nothing
 */
public record Decision(ScaleAction action, int desiredCount, List<String> victims, ReasonCode reason,
                       String message, boolean dryRun, DecisionHistory history, AuditRecord audit) {
    public Decision {
        victims = List.copyOf(victims);
    }
}
