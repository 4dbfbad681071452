package dev.sessionscaler.core.model;

import java.time.Instant;

/**
 * A mark Session Scaler put on a task, kept in the state table so that it is never lost (invariant 10):
 * whoever finds a mark whose holder is no longer a running execution completes or undoes it.
 *
 * @param kind     what the task is in the middle of
 * @param holder   the execution that set the mark and is responsible for it; null for a cordon at rest, which
 *                 is state the analyzer reconciles every minute rather than an execution's work in progress
 * @param since    when the mark was set
 * @param deadline for a cordon, when its sessions must be back in service at the latest; null otherwise
 * @param deregistered the holder has taken (or is about to take) the task's target out of the load balancer: written
 *                     before DeregisterTargets, so whoever undoes the mark knows to put the target back, and a repeated
 *                     step knows a target that is gone was taken out by it
 */
public record TaskMark(String taskArn, Kind kind, String holder, Instant since, Instant deadline, boolean deregistered) {

    /** A mark as first written: a cordon is out of the load balancer by definition, a drain not yet. */
    public TaskMark(String taskArn, Kind kind, String holder, Instant since, Instant deadline) {
        this(taskArn, kind, holder, since, deadline, kind == Kind.CORDONED);
    }

    /** The same mark, once its target is (about to be) out of the load balancer. */
    public TaskMark outOfService() {
        return new TaskMark(taskArn, kind, holder, since, deadline, true);
    }

    /** The marks a task can carry. */
    public enum Kind {
        /** A scale-in victim: deregistered from the load balancer while its drain is checked. */
        DRAINING,
        /** Out of the load balancer for good: new sessions go elsewhere, its own sessions end on it (section 5b). */
        CORDONED
    }

    /** Whether an execution owns this mark (as opposed to a cordon at rest). */
    public boolean held() {
        return holder != null;
    }
}
