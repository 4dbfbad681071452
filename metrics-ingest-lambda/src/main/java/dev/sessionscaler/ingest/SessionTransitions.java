package dev.sessionscaler.ingest;

import dev.sessionscaler.core.model.SessionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one event plus what a store holds for its task into the writes to make. Pure: both the
 * DynamoDB store and the in-memory store apply exactly these rules.
 *
 * <ul>
 *   <li>START at t is evidence "active at t"; END at t is "ended at t".</li>
 *   <li>A heartbeat at t is a snapshot: listed sessions are "active at t", every other known session
 *       is "ended at t". A heartbeat not newer than the last one applied is ignored: it is superseded.</li>
 *   <li>A START for a session the store has never seen, older than the task's last heartbeat, is
 *       "ended at that heartbeat": the newer snapshot did not list it, so it is already over.</li>
 *   <li>Evidence is applied only if it {@linkplain SessionFact#supersedes supersedes} what is held.
 *       Writes that would not change a session's state are skipped: they cost and teach nothing.</li>
 * </ul>
 */
public final class SessionTransitions {
    private SessionTransitions() {
    }

    /** One session item to write, and how it changes the task's active count (-1, 0 or +1). */
    public record SessionWrite(String sessionId, SessionFact fact, int activeDelta) {
    }

    /**
     * @param writes        session items to write
     * @param heartbeatAt   the task's new last-heartbeat time, or null if unchanged
     * @param outdated      the event was superseded (an older heartbeat) and changes nothing
     */
    public record Plan(List<SessionWrite> writes, Long heartbeatAt, boolean outdated) {
        public int activeDelta() {
            return writes.stream().mapToInt(SessionWrite::activeDelta).sum();
        }

        public boolean changesNothing() {
            return writes.isEmpty() && heartbeatAt == null;
        }
    }

    /**
     * @param known           the task's sessions as stored; for START/END only the event's session is needed
     * @param lastHeartbeatAt the task's last applied heartbeat (epoch ms), or null
     */
    public static Plan plan(SessionEvent event, Map<String, SessionFact> known, Long lastHeartbeatAt) {
        long t = event.timestamp().toEpochMilli();
        if (event instanceof SessionEvent.SessionStarted start) {
            SessionFact current = known.get(start.sessionId());
            SessionFact evidence = current == null && lastHeartbeatAt != null && lastHeartbeatAt > t
                    ? SessionFact.ended(lastHeartbeatAt)
                    : SessionFact.active(t);
            return single(start.sessionId(), current, evidence);
        }
        if (event instanceof SessionEvent.SessionEnded end) {
            return single(end.sessionId(), known.get(end.sessionId()), SessionFact.ended(t));
        }
        return heartbeat((SessionEvent.TaskHeartbeat) event, known, lastHeartbeatAt, t);
    }

    private static Plan single(String sessionId, SessionFact current, SessionFact evidence) {
        List<SessionWrite> writes = new ArrayList<>(1);
        addIfStateChanges(writes, sessionId, current, evidence);
        return new Plan(writes, null, false);
    }

    private static Plan heartbeat(SessionEvent.TaskHeartbeat beat, Map<String, SessionFact> known, Long lastHeartbeatAt, long t) {
        if (lastHeartbeatAt != null && t <= lastHeartbeatAt) {
            return new Plan(List.of(), null, true);
        }
        List<SessionWrite> writes = new ArrayList<>();
        for (String id : beat.activeSessionIds()) {
            addIfStateChanges(writes, id, known.get(id), SessionFact.active(t));
        }
        for (Map.Entry<String, SessionFact> entry : known.entrySet()) {
            if (!beat.activeSessionIds().contains(entry.getKey())) {
                addIfStateChanges(writes, entry.getKey(), entry.getValue(), SessionFact.ended(t));
            }
        }
        return new Plan(writes, t, false);
    }

    private static void addIfStateChanges(List<SessionWrite> writes, String id, SessionFact current, SessionFact evidence) {
        if (!evidence.supersedes(current)) {
            return;
        }
        boolean wasActive = current != null && current.active();
        if (current != null && wasActive == evidence.active()) {
            return;
        }
        int delta = evidence.active() == wasActive ? 0 : (evidence.active() ? 1 : -1);
        writes.add(new SessionWrite(id, evidence, delta));
    }
}
