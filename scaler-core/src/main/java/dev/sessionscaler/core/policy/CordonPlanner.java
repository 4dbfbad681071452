package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cordon and drain (DESIGN.md section 5b): which tasks to take out of the load balancer so their sessions end
 * on them, which to put back, and which are drained and may be stopped. Pure: the pipeline calls it with the fleet
 * as the rules see it.
 * <ul>
 *   <li><b>Window</b>: how long a cordon may last before the load balancer could close what is left on the task: on an
 *       ALB (or an NLB with connection termination) the deregistration delay less a margin for the next analyzer run
 *       and a readmission; on an NLB without it, {@code maxDrainSeconds}. A window under
 *       {@link #MIN_WINDOW_SECONDS} is not worth a cordon, and the decision falls back to stopping idle tasks only.</li>
 *   <li><b>Cordon</b>: surplus tasks that are running, healthy, unprotected and of known sessions, the idle ones and
 *       then those with the fewest sessions first (soonest empty), from the fullest zone, oldest first; never more
 *       than leaves the in-service tasks meeting every session target, the buffer and {@code minTasks}
 *       (invariant 9), nor more than {@code maxCordonedTasks} cordoned at once.</li>
 *   <li><b>Readmit</b>: a cordoned task with sessions (or of unknown sessions) when its deadline comes (invariant 7);
 *       and, before any new task is started, as many as the capacity needed, the fullest first (refilling a partly
 *       used task is packing).</li>
 *   <li><b>Retire</b>: a cordoned task that is running, unprotected, of known sessions and idle, cordoned for longer
 *       than the load balancer may still send it new connections ({@link #LOAD_BALANCER_LAG_SECONDS}, counted from
 *       when its deregistration had returned), and whose last heartbeat was stamped after that lag, the age of a
 *       heartbeat's list and a skew margin ({@link SessionKnowledge#reportedAfterLag}), so a session the lag let in would
 *       be in it.</li>
 * </ul>
 */
public final class CordonPlanner {
    /** New connections may still reach a target for up to about two minutes after DeregisterTargets (reported on AWS). */
    public static final int LOAD_BALANCER_LAG_SECONDS = SessionKnowledge.LOAD_BALANCER_LAG_SECONDS;
    /**
     * A cordon ends this long before the load balancer could close its connections: the longest a short execution may
     * hold the lease (a retirement waits up to 600 s for ECS to stop its tasks), two analyzer runs, and the readmission.
     */
    public static final int DEADLINE_MARGIN_SECONDS = 900;
    /** Shorter than this, sessions rarely end within a cordon and the task would come straight back. */
    public static final int MIN_WINDOW_SECONDS = 900;

    private CordonPlanner() {
    }

    /** How long a cordon may last, or why cordoning is not available (and what to change). */
    public record Window(Integer seconds, String unavailable) {
        public boolean available() {
            return seconds != null;
        }
    }

    public static Window window(TargetGroupFacts facts, ScalerConfig config) {
        if (facts == null) {
            return new Window(null, "the target group's deregistration settings are unknown, so a cordon's deadline cannot be known");
        }
        if (!facts.closesConnectionsAtDelay()) {
            int seconds = config.maxDrainSeconds();
            return seconds >= MIN_WINDOW_SECONDS ? new Window(seconds, null) : new Window(null, "maxDrainSeconds is "
                    + seconds + " s, less than the " + MIN_WINDOW_SECONDS + " s a cordon needs for sessions to end: raise it");
        }
        int seconds = facts.deregistrationDelaySeconds() - DEADLINE_MARGIN_SECONDS;
        if (seconds >= MIN_WINDOW_SECONDS) {
            return new Window(seconds, null);
        }
        return new Window(null, "the target group's deregistration delay is " + facts.deregistrationDelaySeconds()
                + " s: the load balancer would close a cordoned task's sessions after it, which leaves too little time for them"
                + " to end (at least " + (MIN_WINDOW_SECONDS + DEADLINE_MARGIN_SECONDS) + " s are needed); set the target"
                + " group's deregistration_delay.timeout_seconds to 3600");
    }

    /**
     * Cordoned tasks whose deadline has come, or comes within {@code withinSeconds}: back into service, whether they still
     * hold sessions or could not be retired by then (protected, kept by minTasks or the zones, registered again by
     * hand), so no cordon outlives its deadline. The ones with sessions (or unknown ones) first, at most
     * {@link ScalerConfig#MAX_TASKS_STOPPED_AT_ONCE} (what one execution takes).
     */
    public static List<TaskState> readmitDue(List<TaskState> tasks, ScalerConfig config, Instant now, int withinSeconds) {
        Instant horizon = now.plusSeconds(withinSeconds);
        return tasks.stream()
                .filter(t -> t.cordoned() && !t.lifecycle().isLeaving())
                .filter(t -> t.cordonDeadline() == null || !horizon.isBefore(t.cordonDeadline()))
                .sorted(Comparator.comparing((TaskState t) -> t.activeSessions() == 0 && SessionKnowledge.isKnown(t, config, now))
                        .thenComparing(TaskState::taskArn))
                .limit(ScalerConfig.MAX_TASKS_STOPPED_AT_ONCE)
                .toList();
    }

    /** Cordoned tasks whose sessions could be cut if the readmission had to wait {@code withinSeconds} for the lease. */
    public static List<TaskState> busyDueWithin(List<TaskState> tasks, ScalerConfig config, Instant now, int withinSeconds) {
        return readmitDue(tasks, config, now, withinSeconds).stream()
                .filter(t -> t.activeSessions() > 0 || !SessionKnowledge.isKnown(t, config, now)).toList();
    }

    /** Cordoned tasks the fullest first: the order readmission fills capacity in. */
    public static List<TaskState> fullestFirst(List<TaskState> tasks) {
        return tasks.stream().filter(t -> t.cordoned() && !t.lifecycle().isLeaving())
                .sorted(Comparator.comparingInt(TaskState::activeSessions).reversed().thenComparing(TaskState::taskArn))
                .toList();
    }

    /**
     * Drained cordoned tasks that may be stopped now, at most {@code count}; when the service rebalances zones, only
     * as many as keep them even.
     */
    public static List<TaskState> retirable(List<TaskState> tasks, ScalerConfig config, Instant now, int count, boolean azRebalancing) {
        List<TaskState> drained = tasks.stream()
                .filter(t -> t.cordoned() && t.lifecycle() == TaskLifecycle.RUNNING && !t.scaleInProtected() && !t.draining())
                .filter(t -> SessionKnowledge.isKnown(t, config, now) && t.activeSessions() == 0)
                .filter(t -> !t.cordonedSince().plusSeconds(LOAD_BALANCER_LAG_SECONDS).isAfter(now))
                .filter(t -> SessionKnowledge.reportedAfterLag(t, t.cordonedSince()))
                .sorted(Comparator.comparing(TaskState::cordonedSince).thenComparing(TaskState::taskArn))
                .toList();
        List<TaskState> allowed = azRebalancing ? AzBalance.removable(liveByZone(tasks), drained, TaskState::availabilityZone) : drained;
        return List.copyOf(allowed.subList(0, Math.min(Math.max(0, count), allowed.size())));
    }

    /**
     * Up to {@code count} tasks to cordon. {@code observation} is the fleet before this cordon; each task chosen must
     * leave the in-service tasks meeting the session targets, the buffer and minTasks (invariant 9).
     */
    public static List<TaskState> cordon(List<TaskState> tasks, FleetObservation observation, ScalerConfig config, Instant now,
                                         int count) {
        return cordon(tasks, observation, config, now, count, null);
    }

    /** As {@link #cordon(List, FleetObservation, ScalerConfig, Instant, int)}, choosing only among {@code only} (null: any). */
    public static List<TaskState> cordon(List<TaskState> tasks, FleetObservation observation, ScalerConfig config, Instant now,
                                         int count, java.util.Set<String> only) {
        Map<String, Integer> zones = liveByZone(tasks);
        List<TaskState> candidates = new ArrayList<>(tasks.stream()
                .filter(t -> only == null || only.contains(t.taskArn()))
                .filter(t -> t.lifecycle() == TaskLifecycle.RUNNING && !t.cordoned() && !t.draining() && t.healthy()
                        && !t.scaleInProtected() && SessionKnowledge.isKnown(t, config, now))
                .toList());
        int room = Math.min(count, config.maxCordonedTasks() - observation.cordonedTasks());
        int inService = observation.desiredCount() - observation.cordonedTasks();
        long load = observation.scaleInLoad();
        List<TaskState> chosen = new ArrayList<>();
        while (chosen.size() < room && !candidates.isEmpty()) {
            TaskState next = candidates.stream().min(Comparator.comparingInt(TaskState::activeSessions)
                    .thenComparing(t -> -zones.getOrDefault(t.availabilityZone(), 0))
                    .thenComparing(TaskState::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(TaskState::taskArn)).orElseThrow();
            long loadLeft = load - next.activeSessions();
            if (inService - 1 < Math.max(config.minTasks(), sessionNeed(loadLeft, config))) {
                break;  // the fewest-sessions task already cannot go: no other can
            }
            chosen.add(next);
            candidates.remove(next);
            zones.merge(next.availabilityZone(), -1, Integer::sum);
            inService--;
            load = loadLeft;
        }
        return List.copyOf(chosen);
    }

    /** In-service tasks that a load needs for the session target and the buffer. */
    static int sessionNeed(long load, ScalerConfig config) {
        int slots = config.sessionsPerTask();
        return Math.max(Needs.ceil(load / (slots * config.targetSessionUtilization())),
                Needs.ceil((double) (load + Needs.bufferSlots(config)) / slots));
    }

    private static Map<String, Integer> liveByZone(List<TaskState> tasks) {
        Map<String, Integer> zones = new HashMap<>();
        tasks.stream().filter(t -> !t.lifecycle().isLeaving() && !t.draining())
                .forEach(t -> zones.merge(t.availabilityZone(), 1, Integer::sum));
        return zones;
    }
}
