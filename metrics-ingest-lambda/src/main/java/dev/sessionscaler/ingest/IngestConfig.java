package dev.sessionscaler.ingest;

import dev.sessionscaler.core.model.ServiceRef;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ingest function's configuration, from its environment. Invalid configuration fails the
 * function's initialisation with a message naming the variable.
 *
 * <ul>
 *   <li>{@code SESSION_TABLE} (required): the session table's name.</li>
 *   <li>{@code MANAGED_SERVICES} (optional): comma-separated {@code cluster/service} names; events
 *       for other services are rejected. Unset or empty accepts any service.</li>
 *   <li>{@code MAX_EVENT_AGE_SECONDS} (optional, default 86400): older events are rejected.</li>
 *   <li>{@code REQUIRE_SENDER_TASK} (optional, default true): an event must come from the task it names
 *       ({@link SenderBinding}).</li>
 *   <li>{@code API_SENDER_ROLE_ID} (optional): the unique id of the role the private API sends with.</li>
 *   <li>{@code TEST_HARNESS_ROLE_ID} and {@code TEST_SERVICES} (set only with the integration-test harness): the unique id
 *       of the harness's role, and the services (comma-separated {@code cluster/service}) it may report sessions for.</li>
 * </ul>
 */
public record IngestConfig(String table, Set<ServiceRef> managedServices, EventLimits limits, SenderBinding senderBinding) {

    public static IngestConfig fromEnvironment(Map<String, String> env) {
        String table = env.get("SESSION_TABLE");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("SESSION_TABLE is not set: it must name the DynamoDB session table");
        }
        Set<ServiceRef> services = serviceList(env, "MANAGED_SERVICES");
        EventLimits limits = EventLimits.DEFAULTS;
        String maxAge = env.get("MAX_EVENT_AGE_SECONDS");
        if (maxAge != null && !maxAge.isBlank()) {
            long seconds;
            try {
                seconds = Long.parseLong(maxAge.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("MAX_EVENT_AGE_SECONDS: \"" + maxAge + "\" is not a whole number of seconds");
            }
            if (seconds < 60 || seconds >= limits.tombstoneRetention().toSeconds()) {
                throw new IllegalStateException("MAX_EVENT_AGE_SECONDS: must be between 60 and "
                        + (limits.tombstoneRetention().toSeconds() - 1) + ", got " + seconds);
            }
            limits = new EventLimits(limits.maxBodyBytes(), limits.maxHeartbeatIds(), Duration.ofSeconds(seconds),
                    limits.maxFutureSkew(), limits.tombstoneRetention());
        }
        String require = env.getOrDefault("REQUIRE_SENDER_TASK", "true").trim();
        if (!require.equals("true") && !require.equals("false")) {
            throw new IllegalStateException("REQUIRE_SENDER_TASK: must be true or false, got \"" + require + "\"");
        }
        String harness = optional(env, "TEST_HARNESS_ROLE_ID");
        Set<ServiceRef> testServices = serviceList(env, "TEST_SERVICES");
        if (harness != null && testServices.isEmpty()) {
            throw new IllegalStateException("TEST_SERVICES: is required with TEST_HARNESS_ROLE_ID (the services the harness may report for)");
        }
        return new IngestConfig(table, services, limits, new SenderBinding(require.equals("true"),
                optional(env, "API_SENDER_ROLE_ID"), harness, testServices));
    }

    /** A comma-separated list of {@code cluster/service} names; empty when the variable is not set. */
    private static Set<ServiceRef> serviceList(Map<String, String> env, String variable) {
        Set<ServiceRef> services = new LinkedHashSet<>();
        for (String entry : env.getOrDefault(variable, "").split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            String[] parts = name.split("/");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalStateException(variable + ": \"" + name + "\" is not of the form cluster/service");
            }
            services.add(new ServiceRef(parts[0], parts[1]));
        }
        return services;
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
