package dev.sessionscaler.reporter;

import java.util.List;

/** Delivers session event messages (JSON bodies of the session event contract) to Session Scaler. */
public interface EventSender extends AutoCloseable {
    /** The most messages one {@link #send} takes (what SQS SendMessageBatch allows). */
    int MAX_BATCH = 10;

    /** What became of one message. */
    enum Outcome {
        SENT,
        /** Not delivered this time (throttled, unavailable): send it again later. */
        RETRY,
        /** Refused for what it is (too large, malformed): sending it again cannot help. */
        REJECTED
    }

    /**
     * Sends up to {@link #MAX_BATCH} messages and says what became of each, in order. Throws when the transport
     * failed and nothing is known: every message is then to be sent again.
     */
    List<Outcome> send(List<String> bodies) throws Exception;

    @Override
    default void close() {
    }
}
