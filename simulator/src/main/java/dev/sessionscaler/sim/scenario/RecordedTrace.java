package dev.sessionscaler.sim.scenario;

import java.time.Instant;
import java.util.List;

/**
 * Sessions recorded from a real service, as {@link TraceFile} read them: each arrives at its recorded time and lasts
 * its recorded length (seconds from {@link #start()}, the trace's first start). The tasks they ran on are not kept: the
 * simulated load balancer routes them again.
 *
 * @param file               the file, as named, for messages
 * @param spanSeconds        from the first start to the last end (or the last event, for sessions that never ended)
 * @param endsWithoutStart   SESSION_ENDED events whose session never started in the trace (skipped)
 * @param startsWithoutEnd   sessions that never ended in the trace (they last to its end)
 * @param duplicateStarts    SESSION_STARTED events for a session already open (at-least-once delivery; skipped)
 * @param duplicateEnds      SESSION_ENDED events for a session already ended (at-least-once delivery; skipped)
 */
public record RecordedTrace(String file, Instant start, List<SessionTrace.Session> sessions, long spanSeconds,
                            int endsWithoutStart, int startsWithoutEnd, int duplicateStarts, int duplicateEnds) {
    public RecordedTrace {
        sessions = List.copyOf(sessions);
    }

    /** Whole minutes that reach past the trace's last second, so a session starting then still arrives. */
    public int spanMinutes() {
        return Math.toIntExact(spanSeconds / 60 + 1);
    }

    /** One line for the terminal: what was read and what was skipped. */
    public String describe() {
        StringBuilder text = new StringBuilder("trace " + file + ": " + sessions.size() + " sessions over " + spanMinutes()
                + " minutes from " + start);
        if (startsWithoutEnd > 0) {
            text.append("; ").append(startsWithoutEnd).append(" never ended (they last to the trace's end)");
        }
        if (endsWithoutStart > 0) {
            text.append("; ").append(endsWithoutStart).append(" ends without a start skipped");
        }
        if (duplicateStarts > 0) {
            text.append("; ").append(duplicateStarts).append(" repeated starts skipped");
        }
        if (duplicateEnds > 0) {
            text.append("; ").append(duplicateEnds).append(" repeated ends skipped");
        }
        return text.toString();
    }
}
