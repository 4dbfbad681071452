package dev.sessionscaler.ingest;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.SessionEvent;
import java.time.Instant;
import java.util.Set;

/** Test fixtures for session events on one service. */
final class Events {
    static final ServiceRef SERVICE = new ServiceRef("demo", "rdp");
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private Events() {
    }

    static String arn(String id) {
        return "arn:aws:ecs:us-east-1:123456789012:task/demo/" + id;
    }

    static SessionEvent start(String task, String session, int second) {
        return new SessionEvent.SessionStarted(SERVICE, arn(task), session, T0.plusSeconds(second));
    }

    static SessionEvent end(String task, String session, int second) {
        return new SessionEvent.SessionEnded(SERVICE, arn(task), session, T0.plusSeconds(second));
    }

    static SessionEvent beat(String task, int second, String... sessions) {
        return new SessionEvent.TaskHeartbeat(SERVICE, arn(task), Set.of(sessions), T0.plusSeconds(second));
    }

    /** A heartbeat that reports the task's CPU and memory. */
    static SessionEvent beat(String task, int second, dev.sessionscaler.core.model.TaskUsage usage, String... sessions) {
        return new SessionEvent.TaskHeartbeat(SERVICE, arn(task), Set.of(sessions), T0.plusSeconds(second), usage);
    }
}
