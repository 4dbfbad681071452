package dev.sessionscaler.core.model;

import java.time.Instant;

/**
 * The session store's per-task aggregate.
 *
 * @param lastHeartbeat       when AWS received the task's newest heartbeat; null if it never sent one. Freshness is
 *                            judged by it: a task whose clock is wrong is still known while its heartbeats arrive.
 * @param lastHeartbeatSentAt the timestamp the task put on that heartbeat; null if it never sent one. What a heartbeat
 *                            lists is judged by it: a heartbeat received late was still built when it says.
 * @param usage               the CPU and memory the newest heartbeat reported; null if it reported none
 */
public record TaskSessions(String taskArn, int activeSessions, Instant lastHeartbeat, Instant lastHeartbeatSentAt,
                           TaskUsage usage) {
    public TaskSessions(String taskArn, int activeSessions, Instant lastHeartbeat, Instant lastHeartbeatSentAt) {
        this(taskArn, activeSessions, lastHeartbeat, lastHeartbeatSentAt, null);
    }
}
