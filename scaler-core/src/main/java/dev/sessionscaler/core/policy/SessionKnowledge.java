package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.TaskState;
import java.time.Instant;

/** Whether we can trust what we know about a task's sessions (invariant 1: unknown counts as busy). */
public final class SessionKnowledge {
    private SessionKnowledge() {
    }

    /** A heartbeat arrived within the staleness window. */
    public static boolean isKnown(TaskState task, ScalerConfig config, Instant now) {
        Instant beat = task.lastHeartbeat();
        return beat != null && !beat.isBefore(now.minusSeconds(config.heartbeatStalenessSeconds()));
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
