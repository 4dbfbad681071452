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

    private SessionKnowledge() {
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
