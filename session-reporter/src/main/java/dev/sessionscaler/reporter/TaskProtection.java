package dev.sessionscaler.reporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * ECS task scale-in protection while the task has sessions, through the ECS agent's endpoint
 * ({@code PUT $ECS_AGENT_URI/task-protection/v1/state}), as AWS recommends for long-running work: set with an expiry
 * when the first session starts, refreshed when half of it has passed, released when the last one ends. Protection
 * also keeps ECS deployments and any other scaler from stopping the task. Called only on the reporter's own thread.
 */
final class TaskProtection {
    /** The environment variable ECS sets with the agent's endpoint (Fargate platform 1.4+, agent 1.59+ on EC2). */
    static final String AGENT_VARIABLE = "ECS_AGENT_URI";
    private static final System.Logger LOG = System.getLogger(TaskProtection.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI state;
    private final int minutes;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Instant protectedUntil;
    private long failures;

    TaskProtection(URI agentUri, int minutes, Clock clock) {
        String base = agentUri.toString();
        this.state = URI.create((base.endsWith("/") ? base : base + "/") + "task-protection/v1/state");
        this.minutes = minutes;
        this.clock = clock;
    }

    static TaskProtection fromEnvironment(java.util.Map<String, String> env, int minutes, Clock clock) {
        String agent = env.get(AGENT_VARIABLE);
        if (agent == null || agent.isBlank()) {
            throw new ReporterConfigException("protectWhileBusy: " + AGENT_VARIABLE + " is not set (not in an ECS task, or an ECS agent"
                    + " too old for task scale-in protection)");
        }
        return new TaskProtection(URI.create(agent), minutes, clock);
    }

    /** Protects a busy task (refreshing when half the expiry has passed) and releases an idle one. */
    void update(boolean busy) {
        Instant now = clock.instant();
        if (busy) {
            boolean refreshDue = protectedUntil == null || !now.isBefore(protectedUntil.minus(Duration.ofMinutes(minutes).dividedBy(2)));
            if (refreshDue && put(true)) {
                protectedUntil = now.plus(Duration.ofMinutes(minutes));
            }
        } else if (protectedUntil != null && put(false)) {
            protectedUntil = null;
        }
    }

    boolean isProtected() {
        return protectedUntil != null;
    }

    long failures() {
        return failures;
    }

    private boolean put(boolean enabled) {
        String body = enabled ? "{\"ProtectionEnabled\":true,\"ExpiresInMinutes\":" + minutes + "}" : "{\"ProtectionEnabled\":false}";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(state).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() / 100 == 2 && !answer.has("failure") && !answer.has("error")) {
                return true;
            }
            fail(enabled, "HTTP " + response.statusCode() + " " + response.body());
        } catch (IOException e) {
            fail(enabled, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(enabled, "interrupted");
        }
        return false;
    }

    private void fail(boolean enabled, String why) {
        failures++;
        LOG.log(System.Logger.Level.WARNING, "session reporter: could not " + (enabled ? "set" : "release")
                + " task scale-in protection (" + why + "); tried again at the next heartbeat");
    }
}
