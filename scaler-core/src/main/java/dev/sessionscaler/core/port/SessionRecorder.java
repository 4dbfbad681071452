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

    Recorded record(SessionEvent event);
}
