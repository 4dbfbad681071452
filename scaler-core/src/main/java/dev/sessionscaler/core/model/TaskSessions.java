package dev.sessionscaler.core.model;

import java.time.Instant;

/**
 * The session store's per-task aggregate.
 *
 * @param lastHeartbeat when AWS received the task's newest heartbeat; null if it never sent one
 */
public record TaskSessions(String taskArn, int activeSessions, Instant lastHeartbeat) {
}
