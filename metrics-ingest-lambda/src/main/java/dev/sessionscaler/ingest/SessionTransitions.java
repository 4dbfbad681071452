package dev.sessionscaler.ingest;

import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.policy.SessionKnowledge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one event plus what a store holds for its task into the writes to make. Pure: both the
 * DynamoDB store and the in-memory store apply exactly these rules.
 *
 * <p>Each session is a last-writer-wins register over its evidence ({@link SessionFact}), so the result
 * depends only on which events arrived, never on their order or how often:
 * <ul>
 *   <li>START at t is "active at t"; END at t is "ended at t"; a heartbeat at h listing a session is
 *       "active at h".</li>
 *   <li>A heartbeat at h that does not list a session is "ended at h − {@link #SNAPSHOT_UNCERTAINTY_MILLIS}":
 *       its list may have been built a moment before a session started and stamped after, so a START
 *       that close to the heartbeat stays active (a phantom until a later heartbeat) rather than being
 *       counted as over (a cut). Doubt is busy.</li>
 *   <li>Because every heartbeat says that of every session it does not list, the newest heartbeat's
 *       "ended at h − uncertainty" is a floor under every session of the task, including sessions the
 *       store has not heard of yet: that is how a late START older than the floor is known to be over.</li>
 *   <li>Newer evidence always wins, also when it does not change the state (a second START of a reused
 *       id, a heartbeat confirming a session): the register's time moves forward, or a later-arriving
 *       older END would end a session the newer evidence keeps. A heartbeat's confirmation moves only the
 *       time kept in the task's aggregate, not the session item, so it costs no extra write.</li>
 *   <li>Older heartbeats are applied like any other evidence (the register decides); only the newest one
 *       moves the floor and counts as the task's latest heartbeat.</li>
 * </ul>
 */
public final class SessionTransitions {
    /** How long before its timestamp a heartbeat's list may have been built. */
    public static final long SNAPSHOT_UNCERTAINTY_MILLIS = SessionKnowledge.HEARTBEAT_LIST_AGE_SECONDS * 1000L;

    private SessionTransitions() {
    }

    /** One session item to write, and how it changes the task's active count (-1, 0 or +1). */
    public record SessionWrite(String sessionId, SessionFact fact, int activeDelta) {
    }

    /**
     * @param writes      session items to write (new state, or newer evidence from a START or END)
     * @param timeMoves   active sessions whose evidence time a heartbeat moved forward: kept in the aggregate only
     * @param heartbeatAt the task's new latest heartbeat (epoch ms) if this event is it, else null
     */
    public record Plan(List<SessionWrite> writes, Map<String, Long> timeMoves, Long heartbeatAt) {
        public int activeDelta() {
            return writes.stream().mapToInt(SessionWrite::activeDelta).sum();
        }

        public boolean changesNothing() {
            return writes.isEmpty() && timeMoves.isEmpty() && heartbeatAt == null;
        }
    }

    /**
     * @param known           what the store holds about the sessions the event concerns; for a heartbeat it must
     *                        hold every active session of the task, and the listed ones the store knows
     * @param lastHeartbeatAt the task's latest heartbeat (epoch ms), or null if it never sent one
     */
    public static Plan plan(SessionEvent event, Map<String, SessionFact> known, Long lastHeartbeatAt) {
        SessionFact floor = lastHeartbeatAt == null ? null : SessionFact.ended(lastHeartbeatAt - SNAPSHOT_UNCERTAINTY_MILLIS);
        long t = event.timestamp().toEpochMilli();
        if (event instanceof SessionEvent.SessionStarted start) {
            return single(start.sessionId(), known.get(start.sessionId()), floor, SessionFact.active(t));
        }
        if (event instanceof SessionEvent.SessionEnded end) {
            return single(end.sessionId(), known.get(end.sessionId()), floor, SessionFact.ended(t));
        }
        return heartbeat((SessionEvent.TaskHeartbeat) event, known, floor, lastHeartbeatAt, t);
    }

    /** What the register holds: the stored fact, or the floor of the newest heartbeat if that is newer. */
    static SessionFact effective(SessionFact stored, SessionFact floor) {
        return floor != null && floor.supersedes(stored) ? floor : stored;
    }

    private static Plan single(String sessionId, SessionFact stored, SessionFact floor, SessionFact evidence) {
        SessionFact current = effective(stored, floor);
        if (!evidence.supersedes(current)) {
            return new Plan(List.of(), Map.of(), null);
        }
        return new Plan(List.of(new SessionWrite(sessionId, evidence, delta(stored, evidence))), Map.of(), null);
    }

    private static Plan heartbeat(SessionEvent.TaskHeartbeat beat, Map<String, SessionFact> known, SessionFact floor,
                                  Long lastHeartbeatAt, long h) {
        List<SessionWrite> writes = new ArrayList<>();
        Map<String, Long> timeMoves = new HashMap<>();
        SessionFact listed = SessionFact.active(h);
        for (String id : beat.activeSessionIds()) {
            SessionFact stored = known.get(id);
            SessionFact current = effective(stored, floor);
            if (!listed.supersedes(current)) {
                continue;
            }
            if (current != null && current.active()) {
                timeMoves.put(id, h);
            } else {
                writes.add(new SessionWrite(id, listed, delta(stored, listed)));
            }
        }
        SessionFact unlisted = SessionFact.ended(h - SNAPSHOT_UNCERTAINTY_MILLIS);
        for (Map.Entry<String, SessionFact> entry : known.entrySet()) {
            SessionFact stored = entry.getValue();
            if (stored.active() && !beat.activeSessionIds().contains(entry.getKey()) && unlisted.supersedes(stored)) {
                writes.add(new SessionWrite(entry.getKey(), unlisted, -1));
            }
        }
        boolean newest = lastHeartbeatAt == null || h > lastHeartbeatAt;
        return new Plan(writes, timeMoves, newest ? h : null);
    }

    /** How the active count changes when the stored fact is replaced by the evidence. */
    private static int delta(SessionFact stored, SessionFact evidence) {
        boolean wasActive = stored != null && stored.active();
        return evidence.active() == wasActive ? 0 : evidence.active() ? 1 : -1;
    }
}
