package dev.sessionscaler.reporter;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How the reporter sends and how much it keeps. From the environment ({@link #fromEnvironment}), each value
 * overridable in code.
 *
 * @param queueUrl            the session-events queue (sent with SendMessageBatch); or
 * @param apiUrl              the deployment's private API (SigV4-signed POSTs to {@code /events}); exactly one of the two
 * @param heartbeatInterval   how often the snapshot of active sessions is sent (the contract: about every 60 s)
 * @param maxBufferedEvents   how many START/END messages wait while the queue cannot be reached; beyond it they are
 *                            dropped (and counted): the next heartbeat, a full snapshot, heals what they would have said
 * @param protectWhileBusy    hold ECS task scale-in protection while the task has sessions
 * @param protectionMinutes   how long each protection call lasts (refreshed well before it expires)
 * @param shutdownHook        send a final heartbeat and release protection when the JVM exits
 */
public record ReporterSettings(String queueUrl, URI apiUrl, Duration heartbeatInterval, int maxBufferedEvents,
                               boolean protectWhileBusy, int protectionMinutes, boolean shutdownHook) {

    /** Environment variables the reporter reads. */
    public static final String QUEUE_URL = "SESSION_SCALER_QUEUE_URL";
    public static final String API_URL = "SESSION_SCALER_API_URL";
    public static final String PROTECT_WHILE_BUSY = "SESSION_SCALER_PROTECT_WHILE_BUSY";

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_BUFFERED = 10_000;
    public static final int DEFAULT_PROTECTION_MINUTES = 60;

    public ReporterSettings {
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                || heartbeatInterval.compareTo(Duration.ofSeconds(120)) > 0) {
            throw new ReporterConfigException("heartbeat interval: must be more than 0 and at most 120 s (the analyzer treats a task"
                    + " without a heartbeat for its staleness window, 180 s by default, as busy), got " + heartbeatInterval);
        }
        if (maxBufferedEvents < 1 || maxBufferedEvents > 1_000_000) {
            throw new ReporterConfigException("max buffered events: must be between 1 and 1,000,000, got " + maxBufferedEvents);
        }
        if (protectionMinutes < 2 || protectionMinutes > 2880) {
            throw new ReporterConfigException("protection minutes: must be between 2 and 2,880 (what ECS allows, 48 h), got "
                    + protectionMinutes);
        }
    }

    public static ReporterSettings defaults() {
        return new ReporterSettings(null, null, DEFAULT_HEARTBEAT, DEFAULT_MAX_BUFFERED, false, DEFAULT_PROTECTION_MINUTES, true);
    }

    /** {@code SESSION_SCALER_QUEUE_URL} or {@code SESSION_SCALER_API_URL}, and {@code SESSION_SCALER_PROTECT_WHILE_BUSY}. */
    public static ReporterSettings fromEnvironment(Map<String, String> env) {
        String queue = blankToNull(env.get(QUEUE_URL));
        String api = blankToNull(env.get(API_URL));
        URI apiUri = null;
        if (api != null) {
            try {
                apiUri = URI.create(api);
            } catch (IllegalArgumentException e) {
                throw new ReporterConfigException(API_URL + ": not a URL: " + e.getMessage());
            }
            if (!"https".equals(apiUri.getScheme())) {
                throw new ReporterConfigException(API_URL + ": must be an https:// URL, got \"" + api + "\"");
            }
        }
        return defaults().withQueueUrl(queue).withApiUrl(apiUri).withProtectWhileBusy(booleanFrom(env, PROTECT_WHILE_BUSY));
    }

    /** A true/false environment variable; unset or blank is false, anything else is refused. */
    static boolean booleanFrom(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value != null && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new ReporterConfigException(name + ": must be true or false, got \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Where to send; fails with what to set when neither or both destinations are given. */
    void requireOneDestination() {
        if ((queueUrl == null) == (apiUrl == null)) {
            throw new ReporterConfigException(queueUrl == null
                    ? "no destination: set " + QUEUE_URL + " (send to the queue directly) or " + API_URL + " (through the private API)"
                    : "two destinations: set only one of " + QUEUE_URL + " and " + API_URL);
        }
    }

    public ReporterSettings withQueueUrl(String value) {
        return new ReporterSettings(value, apiUrl, heartbeatInterval, maxBufferedEvents, protectWhileBusy, protectionMinutes, shutdownHook);
    }

    public ReporterSettings withApiUrl(URI value) {
        return new ReporterSettings(queueUrl, value, heartbeatInterval, maxBufferedEvents, protectWhileBusy, protectionMinutes, shutdownHook);
    }

    public ReporterSettings withHeartbeatInterval(Duration value) {
        return new ReporterSettings(queueUrl, apiUrl, value, maxBufferedEvents, protectWhileBusy, protectionMinutes, shutdownHook);
    }

    public ReporterSettings withMaxBufferedEvents(int value) {
        return new ReporterSettings(queueUrl, apiUrl, heartbeatInterval, value, protectWhileBusy, protectionMinutes, shutdownHook);
    }

    public ReporterSettings withProtectWhileBusy(boolean value) {
        return new ReporterSettings(queueUrl, apiUrl, heartbeatInterval, maxBufferedEvents, value, protectionMinutes, shutdownHook);
    }

    public ReporterSettings withProtectionMinutes(int value) {
        return new ReporterSettings(queueUrl, apiUrl, heartbeatInterval, maxBufferedEvents, protectWhileBusy, value, shutdownHook);
    }

    public ReporterSettings withShutdownHook(boolean value) {
        return new ReporterSettings(queueUrl, apiUrl, heartbeatInterval, maxBufferedEvents, protectWhileBusy, protectionMinutes, value);
    }
}
