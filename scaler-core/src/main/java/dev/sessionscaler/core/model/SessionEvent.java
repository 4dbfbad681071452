package dev.sessionscaler.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What an application reports about its sessions (DESIGN.md section 7). Events arrive
 * at least once and in any order; {@link #timestamp()} is when it happened on the task, and
 * is what ingest orders evidence by.
 */
public sealed interface SessionEvent
        permits SessionEvent.SessionStarted, SessionEvent.SessionEnded, SessionEvent.TaskHeartbeat {

    ServiceRef service();

    String taskArn();

    Instant timestamp();

    /** The wire name of the event's {@code type} field. */
    String type();

    record SessionStarted(ServiceRef service, String taskArn, String sessionId, Instant timestamp)
            implements SessionEvent {
        public SessionStarted {
            Objects.requireNonNull(sessionId, "sessionId");
        }

        @Override
        public String type() {
            return "SESSION_STARTED";
        }
    }

    record SessionEnded(ServiceRef service, String taskArn, String sessionId, Instant timestamp)
            implements SessionEvent {
        public SessionEnded {
            Objects.requireNonNull(sessionId, "sessionId");
        }

        @Override
        public String type() {
            return "SESSION_ENDED";
        }
    }

    /**
     * A snapshot: exactly these sessions were active on the task at {@code timestamp}.
     *
     * @param usage the task's CPU and memory, if it reports them; null if not
     */
    record TaskHeartbeat(ServiceRef service, String taskArn, Set<String> activeSessionIds, Instant timestamp, TaskUsage usage)
            implements SessionEvent {
        public TaskHeartbeat {
            activeSessionIds = Set.copyOf(activeSessionIds);
        }

        public TaskHeartbeat(ServiceRef service, String taskArn, Set<String> activeSessionIds, Instant timestamp) {
            this(service, taskArn, activeSessionIds, timestamp, null);
        }

        @Override
        public String type() {
            return "TASK_HEARTBEAT";
        }
    }
}
