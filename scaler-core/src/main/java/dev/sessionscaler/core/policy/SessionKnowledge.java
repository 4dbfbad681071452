package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.TaskState;
import java.time.Instant;

/** Whether we can trust what we know about a task's sessions (invariant 1: unknown counts as busy). */
public final class SessionKnowledge {
    /**
     * How far a heartbeat may seem to lie in the future (clocks of different hosts disagree a little).
     * Beyond that the evidence is impossible, and impossible evidence is doubt: the task counts as busy.
     */
    public static final long FUTURE_TOLERANCE_SECONDS = 30;

    /** New connections may still reach a target for up to about two minutes after DeregisterTargets (reported on AWS). */
    public static final int LOAD_BALANCER_LAG_SECONDS = 120;
    /** A heartbeat this long after the lag is over lists every session the lag let in, whatever the clocks' skew. */
    public static final int HEARTBEAT_SKEW_SECONDS = 30;

    private SessionKnowledge() {
    }

    /**
     * Whether the task's last heartbeat was sent after the load balancer's lag following {@code outOfServiceAt} (its
     * deregistration): a session that reached it during the lag is in that heartbeat, even if the session's start
     * event is lost or still queued.
     */
    public static boolean reportedAfterLag(TaskState task, Instant outOfServiceAt) {
        return task.lastHeartbeat() != null
                && !task.lastHeartbeat().isBefore(outOfServiceAt.plusSeconds(LOAD_BALANCER_LAG_SECONDS + HEARTBEAT_SKEW_SECONDS));
    }

    /** A heartbeat arrived within the staleness window, and not impossibly in the future. */
    public static boolean isKnown(TaskState task, ScalerConfig config, Instant now) {
        Instant beat = task.lastHeartbeat();
        return beat != null && !beat.isBefore(now.minusSeconds(config.heartbeatStalenessSeconds()))
                && !beat.isAfter(now.plusSeconds(FUTURE_TOLERANCE_SECONDS));
    }

    /** Too young to have sent a heartbeat yet: its missing heartbeat is not a sign of trouble. */
    public static boolean isStartingUp(TaskState task, ScalerConfig config, Instant now) {
        if (task.lifecycle().isStarting()) {
            return true;
        }
        Instant started = task.startedAt();
        return started != null && started.isAfter(now.minusSeconds(config.heartbeatStalenessSeconds()));
    }
}
