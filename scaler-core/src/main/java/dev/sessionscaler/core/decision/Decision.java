package dev.sessionscaler.core.decision;

import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ReasonCode;
import dev.sessionscaler.core.model.ScaleAction;
import java.util.List;

/**
 * The outcome of one run of the pipeline.
 *
 * @param desiredCount the desired count asked for (the current one unless the action scales out, in or retires)
 * @param victims      task ARNs to drain and stop on SCALE_IN, exactly {@code current - desiredCount} of them
 * @param cordon       task ARNs to take out of the load balancer (CORDON)
 * @param readmit      cordoned task ARNs to put back into service (READMIT, or first on SCALE_OUT)
 * @param retire       drained cordoned task ARNs to stop (RETIRE), exactly {@code current - desiredCount} of them
 * @param history      the history to pass to the next decision
 * @param dryRun       decided in dry-run: record it, start nothing
 */
public record Decision(ScaleAction action, int desiredCount, List<String> victims, List<String> cordon, List<String> readmit,
                       List<String> retire, ReasonCode reason, String message, boolean dryRun, DecisionHistory history,
                       AuditRecord audit) {
    public Decision {
        victims = List.copyOf(victims);
        cordon = List.copyOf(cordon);
        readmit = List.copyOf(readmit);
        retire = List.copyOf(retire);
    }

    /** The same decision with another history (what is recorded when nothing could be started). */
    public Decision withHistory(DecisionHistory next) {
        return new Decision(action, desiredCount, victims, cordon, readmit, retire, reason, message, dryRun, next, audit);
    }
}
