package dev.sessionscaler.reporter.sidecar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns successive looks at the connection table into sessions: a connection seen continuously for at least
 * {@code minAge} is a session (load balancer health checks and other short connections never are); it ends when it
 * is no longer seen. The age counts from the first look that saw it, so it is at most one look's interval short.
 */
public final class ConnectionTracker {
    /** What changed at one look: sessions that began (reached the minimum age) and sessions that ended. */
    public record Changes(List<String> started, List<String> ended) {
    }

    private final Duration minAge;
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private final Set<String> sessions = new TreeSet<>();

    public ConnectionTracker(Duration minAge) {
        this.minAge = minAge;
    }

    /** Takes in what a look at {@code now} found. */
    public Changes observe(List<ConnectionTable.Connection> connections, Instant now) {
        Set<String> seen = new TreeSet<>();
        connections.forEach(c -> seen.add(c.sessionId()));
        List<String> ended = new ArrayList<>();
        for (String id : List.copyOf(sessions)) {
            if (!seen.contains(id)) {
                sessions.remove(id);
                ended.add(id);
            }
        }
        firstSeen.keySet().retainAll(seen);
        List<String> started = new ArrayList<>();
        for (String id : seen) {
            Instant first = firstSeen.computeIfAbsent(id, k -> now);
            if (!sessions.contains(id) && !first.plus(minAge).isAfter(now)) {
                sessions.add(id);
                started.add(id);
            }
        }
        return new Changes(started, ended);
    }

    public Set<String> sessions() {
        return Set.copyOf(sessions);
    }
}
