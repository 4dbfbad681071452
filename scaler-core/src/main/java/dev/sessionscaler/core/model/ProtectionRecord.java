package dev.sessionscaler.core.model;

import java.time.Instant;
import java.util.List;

/**
 * What one UpdateTaskProtection call of a stop changed, written before the call and completed after it, so
 * that whoever undoes the stop releases exactly the protection Session Scaler set and nothing the application
 * set itself (invariant 10). One record per call keeps the execution state small at any fleet size.
 *
 * @param holder      the execution that protected the tasks
 * @param batch       the call's number within that execution
 * @param requestedAt when the call was made
 * @param tasks       the tasks of the call
 */
public record ProtectionRecord(String holder, int batch, Instant requestedAt, List<Entry> tasks) {
    public ProtectionRecord {
        tasks = List.copyOf(tasks);
    }

    /**
     * @param previousExpiry the protection the task had before (its expiry), null if it had none
     * @param ourExpiry      the expiry ECS gave our protection; null if the call's answer was never recorded, in
     *                       which case the protection is left to expire by itself (doubt keeps it on)
     * @param set            whether Session Scaler protected the task (false: it was already protected for longer than
     *                       ours would last, and was left alone)
     */
    public record Entry(String taskArn, Instant previousExpiry, Instant ourExpiry, boolean set) {
    }
}
