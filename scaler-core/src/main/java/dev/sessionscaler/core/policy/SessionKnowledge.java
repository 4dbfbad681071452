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
    /**
     * How long before its timestamp a heartbeat's list may have been built (the session event contract): a session that
     * began in those seconds may be missing from it.
     */
    public static final int HEARTBEAT_LIST_AGE_SECONDS = 30;
    /** How far the task's clock may be ahead of ours: its timestamps may say "later" than it really was by this much. */
    public static final int HEARTBEAT_SKEW_SECONDS = 30;
    /**
     * A heartbeat stamped this long after a target was out of service lists every session the load balancer's lag let
     * in: the lag, then the age of its list, then the clocks' skew.
     */
    public static final int REPORTED_AFTER_LAG_SECONDS = LOAD_BALANCER_LAG_SECONDS + HEARTBEAT_LIST_AGE_SECONDS
            + HEARTBEAT_SKEW_SECONDS;

    private SessionKnowledge() {
    }

    /**
     * Whether the task's last heartbeat lists every session that reached it during the load balancer's lag after
     * {@code outOfServiceBy} (a time by which its deregistration had returned), even if such a session's START is lost or
     * still queued. Judged by the heartbeat's own timestamp, not by when it arrived: a heartbeat received late was built
     * early (invariant 1). A timestamp later than its receipt allows (a clock more than {@link #FUTURE_TOLERANCE_SECONDS}
     * ahead, which ingest refuses too) is no evidence; that also means it was received after the lag.
     */
    public static boolean reportedAfterLag(TaskState task, Instant outOfServiceBy) {
        Instant received = task.lastHeartbeat();
        Instant sent = task.lastHeartbeatSentAt();
        return received != null && sent != null
                && !sent.isBefore(outOfServiceBy.plusSeconds(REPORTED_AFTER_LAG_SECONDS))
                && !sent.isAfter(received.plusSeconds(FUTURE_TOLERANCE_SECONDS));
    }

    /** A heartbeat arrived within the staleness window, and not impossibly in the future. */
    public static boolean isKnown(TaskState task, ScalerConfig config, Instant now) {
        return isFresh(task.lastHeartbeat(), config, now);
    }

    /** A heartbeat received at {@code beat} is within the staleness window, and not impossibly in the future. */
    public static boolean isFresh(Instant beat, ScalerConfig config, Instant now) {
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
