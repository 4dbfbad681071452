package dev.sessionscaler.core.drain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How to stop exactly the drained victims and nothing else (invariant 2). ECS picks which tasks to stop
 * when the desired count drops, so every other running task is first given scale-in protection (in
 * calls of at most 10 tasks, the API's limit, with a short expiry in case the workflow dies), then the
 * desired count is lowered by the number of victims: the unprotected victims are all ECS may stop.
 * Bounds hold (invariant 3): victims beyond what {@code minTasks} allows are kept, not stopped.
 *
 * @param stop           the victims to stop
 * @param keep           victims that must be re-registered and kept because of {@code minTasks}
 * @param protectBatches the other running tasks, in protection calls of at most 10
 * @param desiredCount   the desired count to set once protection is in place
 */
public record SafeStopPlan(List<String> stop, List<String> keep, List<List<String>> protectBatches, int desiredCount) {
    public static final int PROTECTION_BATCH = 10;

    public static SafeStopPlan of(List<String> drainedVictims, List<String> runningTasks, int currentDesired, int minTasks) {
        int removable = Math.max(0, Math.min(drainedVictims.size(), currentDesired - minTasks));
        List<String> stop = List.copyOf(drainedVictims.subList(0, removable));
        List<String> keep = List.copyOf(drainedVictims.subList(removable, drainedVictims.size()));
        Set<String> stopping = Set.copyOf(stop);
        List<String> others = runningTasks.stream().filter(t -> !stopping.contains(t)).toList();
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < others.size(); from += PROTECTION_BATCH) {
            batches.add(List.copyOf(others.subList(from, Math.min(others.size(), from + PROTECTION_BATCH))));
        }
        return new SafeStopPlan(stop, keep, List.copyOf(batches), currentDesired - stop.size());
    }
}
