package dev.sessionscaler.reporter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/** The message bodies of the session event contract (README, "Session event contract") for one task. */
public final class SessionMessages {
    /** The most ids one heartbeat may list (the contract's limit). */
    static final int MAX_HEARTBEAT_IDS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaskIdentity task;

    public SessionMessages(TaskIdentity task) {
        this.task = task;
    }

    /** Null when the id is acceptable, else why not (the contract: 1-128 printable ASCII characters, no spaces). */
    static String invalidSessionId(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return "a session id must be 1 to 128 characters, got " + (id == null ? "null" : id.length() + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c > '~') {
                return "a session id must be printable ASCII without spaces, got \"" + id + "\"";
            }
        }
        return null;
    }

    public String started(String sessionId, Instant at) {
        return session("SESSION_STARTED", sessionId, at);
    }

    public String ended(String sessionId, Instant at) {
        return session("SESSION_ENDED", sessionId, at);
    }

    public String heartbeat(Collection<String> activeIds, Instant at) {
        return heartbeat(activeIds, at, null);
    }

    /** @param usage the task's CPU and memory, or null to send none */
    public String heartbeat(Collection<String> activeIds, Instant at, TaskUsageSampler.Usage usage) {
        ObjectNode body = base("TASK_HEARTBEAT");
        ArrayNode ids = body.putArray("activeSessionIds");
        activeIds.forEach(ids::add);
        if (usage != null) {
            body.put("cpuPercent", usage.cpuPercent());
            body.put("memoryPercent", usage.memoryPercent());
        }
        return stamped(body, at);
    }

    private String session(String type, String sessionId, Instant at) {
        ObjectNode body = base(type);
        body.put("sessionId", sessionId);
        return stamped(body, at);
    }

    private ObjectNode base(String type) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("cluster", task.cluster());
        body.put("service", task.service());
        body.put("taskArn", task.taskArn());
        return body;
    }

    private static String stamped(ObjectNode body, Instant at) {
        // milliseconds: a session that starts and ends within one second keeps its order
        body.put("timestamp", at.truncatedTo(ChronoUnit.MILLIS).toString());
        return body.toString();
    }
}
