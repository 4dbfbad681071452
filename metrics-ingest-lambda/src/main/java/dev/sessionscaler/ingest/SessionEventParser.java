package dev.sessionscaler.ingest;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.model.Arns;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.model.TaskUsage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates one message body strictly against the session event contract (README, "Session event
 * contract") and turns it into a {@link SessionEvent}. Every rejection says what is wrong and where.
 */
public final class SessionEventParser {
    /** Printable ASCII without spaces: safe inside DynamoDB keys and logs. */
    private static final Pattern SESSION_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Set<String> SESSION_FIELDS = Set.of("type", "cluster", "service", "taskArn", "sessionId", "timestamp");
    /**
     * A task's CPU may exceed its reservation where it bursts (EC2: 128 CPU units on a 192-vCPU host is 150,000 %);
     * beyond this no real task goes, and DynamoDB's numbers end at 1e126.
     */
    static final double MAX_USAGE_PERCENT = 1_000_000;
    private static final Set<String> HEARTBEAT_FIELDS = Set.of("type", "cluster", "service", "taskArn", "activeSessionIds", "timestamp",
            "cpuPercent", "memoryPercent");

    private final EventLimits limits;
    private final Set<ServiceRef> managedServices;
    private final Clock clock;

    /**
     * @param managedServices services this deployment manages; events for others are rejected.
     *                        Empty accepts any service.
     */
    public SessionEventParser(EventLimits limits, Set<ServiceRef> managedServices, Clock clock) {
        this.limits = limits;
        this.managedServices = Set.copyOf(managedServices);
        this.clock = clock;
    }

    /** The time of processing. */
    public Instant now() {
        return clock.instant();
    }

    /** Parses a message received now. */
    public SessionEvent parse(String body) {
        return parse(body, clock.instant());
    }

    /**
     * @param receivedAt when AWS received the message: a timestamp ahead of it by more than the allowed skew is refused
     *                   (the task's clock is wrong, and evidence from the future would freeze the task's state)
     */
    public SessionEvent parse(String body, Instant receivedAt) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("", "message body is empty");
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxBodyBytes()) {
            throw new InvalidInputException("", "message body is " + bytes + " bytes, over the limit of " + limits.maxBodyBytes());
        }
        JsonInput json = JsonInput.parseObject(body);
        String type = json.string("type");
        return switch (type) {
            case "SESSION_STARTED" -> {
                json.rejectUnknownFields(SESSION_FIELDS);
                yield new SessionEvent.SessionStarted(service(json), taskArn(json), sessionId(json, "sessionId"), timestamp(json, receivedAt));
            }
            case "SESSION_ENDED" -> {
                json.rejectUnknownFields(SESSION_FIELDS);
                yield new SessionEvent.SessionEnded(service(json), taskArn(json), sessionId(json, "sessionId"), timestamp(json, receivedAt));
            }
            case "TASK_HEARTBEAT" -> {
                json.rejectUnknownFields(HEARTBEAT_FIELDS);
                yield new SessionEvent.TaskHeartbeat(service(json), taskArn(json), sessionIds(json), timestamp(json, receivedAt),
                        usage(json));
            }
            default -> throw new InvalidInputException("type", "unknown event type \"" + type
                    + "\" (expected SESSION_STARTED, SESSION_ENDED or TASK_HEARTBEAT)");
        };
    }

    private ServiceRef service(JsonInput json) {
        ServiceRef service = new ServiceRef(Arns.requireName(json, "cluster"), Arns.requireName(json, "service"));
        if (!managedServices.isEmpty() && !managedServices.contains(service)) {
            throw new InvalidInputException("service", "\"" + service.key() + "\" is not a service this deployment manages");
        }
        return service;
    }

    private static String taskArn(JsonInput json) {
        String arn = Arns.requireTaskArn(json, "taskArn");
        String cluster = json.string("cluster");
        if (!cluster.equals(Arns.clusterOf(arn))) {
            throw new InvalidInputException("taskArn", "belongs to cluster \"" + Arns.clusterOf(arn)
                    + "\", not to the event's cluster \"" + cluster + "\"");
        }
        return arn;
    }

    private static String sessionId(JsonInput json, String field) {
        return checkSessionId(json.string(field), field);
    }

    private static String checkSessionId(String id, String path) {
        if (!SESSION_ID.matcher(id).matches()) {
            throw new InvalidInputException(path, "must be 1 to 128 printable ASCII characters without spaces, got \""
                    + (id.length() > 40 ? id.substring(0, 37) + "..." : id) + "\"");
        }
        return id;
    }

    private Set<String> sessionIds(JsonInput json) {
        List<String> ids = json.strings("activeSessionIds");
        if (ids.size() > limits.maxHeartbeatIds()) {
            throw new InvalidInputException("activeSessionIds", ids.size() + " ids, over the limit of " + limits.maxHeartbeatIds());
        }
        Map<String, Integer> seen = new HashMap<>();
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = checkSessionId(ids.get(i), "activeSessionIds[" + i + "]");
            Integer earlier = seen.putIfAbsent(id, i);
            if (earlier != null) {
                throw new InvalidInputException("activeSessionIds[" + i + "]", "duplicates activeSessionIds[" + earlier + "]");
            }
            result.add(id);
        }
        return result;
    }

    /** Optional, but both or neither: the analyzer can use a task's report only if it has both figures. */
    private static TaskUsage usage(JsonInput json) {
        Double cpu = json.optionalNonNegativeNumber("cpuPercent");
        Double memory = json.optionalNonNegativeNumber("memoryPercent");
        if ((cpu == null) != (memory == null)) {
            String missing = cpu == null ? "cpuPercent" : "memoryPercent";
            throw new InvalidInputException(missing, "is missing: a heartbeat reports cpuPercent and memoryPercent together, or neither");
        }
        if (cpu == null) {
            return null;
        }
        for (String field : List.of("cpuPercent", "memoryPercent")) {
            double value = json.number(field);
            if (!Double.isFinite(value) || value > MAX_USAGE_PERCENT) {
                throw new InvalidInputException(field, "must be a number from 0 to " + (long) MAX_USAGE_PERCENT
                        + " (percent of what the task reserves), got " + value);
            }
        }
        return new TaskUsage(hundredths(cpu), hundredths(memory));
    }

    /** Hundredths of a percent are plenty, and keep every value inside DynamoDB's number range (no 1e-200). */
    private static double hundredths(double percent) {
        return Math.round(percent * 100) / 100.0;
    }

    private Instant timestamp(JsonInput json, Instant receivedAt) {
        Instant at = json.instant("timestamp");
        Instant now = clock.instant();
        if (at.isAfter(receivedAt.plus(limits.maxFutureSkew()))) {
            throw new InvalidInputException("timestamp", at + " is " + Duration.between(receivedAt, at).toSeconds()
                    + " s later than when the message was received, more than the allowed clock skew of "
                    + limits.maxFutureSkew().toSeconds() + " s (is the task's clock synchronised?)");
        }
        if (at.isBefore(now.minus(limits.maxAge()))) {
            throw new InvalidInputException("timestamp", at + " is " + Duration.between(at, now).toSeconds()
                    + " s old, older than the limit of " + limits.maxAge().toSeconds() + " s");
        }
        return at;
    }
}
