package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 5, plan victims: which tasks a scale-in stops (invariant 1). Only a task that is RUNNING,
 * healthy, unprotected, not draining, with a fresh heartbeat and zero sessions may be chosen.
 * Among those, take from the AZ that has the most live tasks (keeping AZs balanced), then the
 * oldest, then by ARN so the choice is deterministic. When the service rebalances its zones, only tasks of a
 * fullest zone are taken ({@link AzBalance}). Fewer eligible tasks than asked for gives a partial plan, like
 * Agones' bounded deletions; the rest waits for the next run.
 */
public final class VictimPlanner {

    /**
     * Why a task may not be stopped; the first that applies, in this order. {@code ZONE_BALANCE}: idle, but stopping
     * it would leave the zones uneven while the service rebalances them (ECS would then stop a task in the fullest zone).
     */
    public enum Exclusion { NOT_RUNNING, CORDONED, DRAINING, PROTECTED, UNHEALTHY, UNKNOWN_SESSIONS, BUSY, ZONE_BALANCE }

    public record Plan(List<TaskState> victims, boolean partial, Map<Exclusion, Integer> excluded) {
    }

    public Plan plan(List<TaskState> tasks, int count, ScalerConfig config, Instant now) {
        return plan(tasks, count, config, now, false);
    }

    /** @param azRebalancing the service rebalances zones: victims only from a fullest zone ({@link AzBalance}) */
    public Plan plan(List<TaskState> tasks, int count, ScalerConfig config, Instant now, boolean azRebalancing) {
        Map<Exclusion, Integer> excluded = new EnumMap<>(Exclusion.class);
        List<TaskState> eligible = new ArrayList<>();
        Map<String, Integer> liveByZone = new HashMap<>();
        for (TaskState task : tasks) {
            if (!task.lifecycle().isLeaving() && !task.draining()) {
                liveByZone.merge(task.availabilityZone(), 1, Integer::sum);
            }
            Exclusion why = exclusion(task, config, now);
            if (why == null) {
                eligible.add(task);
            } else {
                excluded.merge(why, 1, Integer::sum);
            }
        }
        eligible.sort(OLDEST_FIRST);
        if (azRebalancing) {
            List<TaskState> balanced = AzBalance.removable(liveByZone, eligible, TaskState::availabilityZone);
            List<TaskState> victims = List.copyOf(balanced.subList(0, Math.min(count, balanced.size())));
            if (balanced.size() < eligible.size()) {
                excluded.merge(Exclusion.ZONE_BALANCE, eligible.size() - balanced.size(), Integer::sum);
            }
            return new Plan(victims, victims.size() < count, excluded);
        }
        List<TaskState> victims = new ArrayList<>();
        while (victims.size() < count && !eligible.isEmpty()) {
            TaskState next = fromFullestZone(eligible, liveByZone);
            eligible.remove(next);
            liveByZone.merge(next.availabilityZone(), -1, Integer::sum);
            victims.add(next);
        }
        return new Plan(List.copyOf(victims), victims.size() < count, excluded);
    }

    /** Null when the task may be stopped. */
    public static Exclusion exclusion(TaskState task, ScalerConfig config, Instant now) {
        if (task.lifecycle() != TaskLifecycle.RUNNING) {
            return Exclusion.NOT_RUNNING;
        }
        if (task.cordoned()) {
            return Exclusion.CORDONED;  // it leaves by retirement once its sessions have ended
        }
        if (task.draining()) {
            return Exclusion.DRAINING;
        }
        if (task.scaleInProtected()) {
            return Exclusion.PROTECTED;
        }
        if (!task.healthy()) {
            return Exclusion.UNHEALTHY;
        }
        if (!SessionKnowledge.isKnown(task, config, now)) {
            return Exclusion.UNKNOWN_SESSIONS;
        }
        return task.activeSessions() > 0 ? Exclusion.BUSY : null;
    }

    private static final Comparator<TaskState> OLDEST_FIRST = Comparator
            .comparing(TaskState::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(TaskState::taskArn);

    /** The oldest eligible task of the zone with the most live tasks; eligible is sorted oldest first. */
    private static TaskState fromFullestZone(List<TaskState> eligible, Map<String, Integer> liveByZone) {
        TaskState best = null;
        int bestZoneSize = Integer.MIN_VALUE;
        for (TaskState task : eligible) {
            int zoneSize = liveByZone.getOrDefault(task.availabilityZone(), 0);
            if (zoneSize > bestZoneSize) {
                best = task;
                bestZoneSize = zoneSize;
            }
        }
        return best;
    }
}
