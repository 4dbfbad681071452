package dev.sessionscaler.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import java.time.Instant;
import java.util.Set;

/**
 * One task as the analyzer sees it: ECS facts, session facts from the session store, and metrics.
 *
 * @param startedAt        when the task started; null while it is still provisioning
 * @param healthy          passes its load balancer / container health check
 * @param scaleInProtected ECS task scale-in protection is on ({@code protected} in JSON)
 * @param draining         Session Scaler is draining it for a scale-in (a victim being stopped)
 * @param lastHeartbeat    when the task's last heartbeat was received; null if none was ever received
 * @param lastHeartbeatSentAt the timestamp the task put on that heartbeat (it lists the sessions of up to
 *                         {@link dev.sessionscaler.core.policy.SessionKnowledge#HEARTBEAT_LIST_AGE_SECONDS} before it);
 *                         null if unknown
 * @param cpuPercent       the task's CPU (Container Insights); null when unknown
 * @param memoryPercent    the task's memory (Container Insights); null when unknown
 * @param cordonedSince    when Session Scaler took it out of the load balancer to let its sessions end (a cordon);
 *                         null if it is not cordoned
 * @param cordonDeadline   when a cordoned task must be back in service if sessions are still on it; null if none
 */
public record TaskState(
        String taskArn,
        String availabilityZone,
        Instant startedAt,
        TaskLifecycle lifecycle,
        boolean healthy,
        @JsonProperty("protected") boolean scaleInProtected,
        boolean draining,
        int activeSessions,
        Instant lastHeartbeat,
        Instant lastHeartbeatSentAt,
        Double cpuPercent,
        Double memoryPercent,
        Instant cordonedSince,
        Instant cordonDeadline) {

    /** Far beyond any task (a heartbeat lists at most 1,000 ids); larger values are not evidence but a bug upstream. */
    static final int MAX_ACTIVE_SESSIONS = 1_000_000;

    private static final Set<String> FIELDS = Set.of("taskArn", "availabilityZone", "startedAt", "lifecycle",
            "healthy", "protected", "draining", "activeSessions", "lastHeartbeat", "lastHeartbeatSentAt", "cpuPercent", "memoryPercent",
            "cordonedSince", "cordonDeadline");

    /** A task that is not cordoned, whose last heartbeat was received as soon as it was sent. */
    public TaskState(String taskArn, String availabilityZone, Instant startedAt, TaskLifecycle lifecycle, boolean healthy,
                     boolean scaleInProtected, boolean draining, int activeSessions, Instant lastHeartbeat, Double cpuPercent,
                     Double memoryPercent) {
        this(taskArn, availabilityZone, startedAt, lifecycle, healthy, scaleInProtected, draining, activeSessions,
                lastHeartbeat, lastHeartbeat, cpuPercent, memoryPercent, null, null);
    }

    /** Out of the load balancer so its sessions end on it: capacity only for the sessions it holds. */
    @JsonIgnore
    public boolean cordoned() {
        return cordonedSince != null;
    }

    /** The same task, with another protection state. */
    public TaskState withProtection(boolean isProtected) {
        return new TaskState(taskArn, availabilityZone, startedAt, lifecycle, healthy, isProtected, draining, activeSessions,
                lastHeartbeat, lastHeartbeatSentAt, cpuPercent, memoryPercent, cordonedSince, cordonDeadline);
    }

    /** The same task back in service: not cordoned. */
    public TaskState uncordoned() {
        return new TaskState(taskArn, availabilityZone, startedAt, lifecycle, healthy, scaleInProtected, draining, activeSessions,
                lastHeartbeat, lastHeartbeatSentAt, cpuPercent, memoryPercent, null, null);
    }

    public static TaskState fromJson(JsonInput json) {
        json.rejectUnknownFields(FIELDS);
        String lifecycleText = json.string("lifecycle");
        TaskLifecycle lifecycle;
        try {
            lifecycle = TaskLifecycle.valueOf(lifecycleText);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(json.at("lifecycle"),
                    "must be one of " + TaskLifecycle.allowedValues() + ", got \"" + lifecycleText + "\"");
        }
        int sessions = json.integer("activeSessions");
        if (sessions < 0 || sessions > MAX_ACTIVE_SESSIONS) {
            throw new InvalidInputException(json.at("activeSessions"), "must be between 0 and " + MAX_ACTIVE_SESSIONS
                    + ", got " + sessions);
        }
        Instant lastHeartbeat = json.optionalInstant("lastHeartbeat");
        Instant sentAt = json.optionalInstant("lastHeartbeatSentAt");
        return new TaskState(
                Arns.requireTaskArn(json, "taskArn"),
                json.string("availabilityZone"),
                json.optionalInstant("startedAt"),
                lifecycle,
                json.bool("healthy"),
                json.bool("protected", false),
                json.bool("draining", false),
                sessions,
                lastHeartbeat,
                sentAt != null ? sentAt : lastHeartbeat,  // a what-if input: one time for both unless told otherwise
                json.optionalNonNegativeNumber("cpuPercent"),
                json.optionalNonNegativeNumber("memoryPercent"),
                json.optionalInstant("cordonedSince"),
                json.optionalInstant("cordonDeadline"));
    }
}
