package dev.sessionscaler.core.model;

import java.time.Instant;

/** The session store's per-task aggregate. */
public record TaskSessions(String taskArn, int activeSessions, Instant lastHeartbeat, boolean draining) {
}
