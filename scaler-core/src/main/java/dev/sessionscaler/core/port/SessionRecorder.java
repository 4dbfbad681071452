package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.SessionEvent;

/**
 * The write side of the session store (adapter: {@code DynamoDbSessionStore}). Recording must be
 * idempotent and order-tolerant (invariant 5): any order and any duplication of the same events
 * ends in the same state.
 */
public interface SessionRecorder {

    /** What recording one event changed. */
    record Recorded(int sessionsOpened, int sessionsClosed) {
        public static final Recorded NOTHING = new Recorded(0, 0);

        public boolean changedNothing() {
            return sessionsOpened == 0 && sessionsClosed == 0;
        }
    }

    /**
     * @param receivedAt when AWS received the event (SQS SentTimestamp). A task's freshness is judged by it, not
     *                   by the task's own clock, which may jump.
     */
    Recorded record(SessionEvent event, java.time.Instant receivedAt);

    /** For tests and local tools, where an event is received at its own timestamp. */
    default Recorded record(SessionEvent event) {
        return record(event, event.timestamp());
    }
}
