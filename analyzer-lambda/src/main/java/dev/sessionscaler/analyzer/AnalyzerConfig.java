package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.core.drain.WorkflowTiming;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The analyzer's configuration, from its environment; invalid configuration fails the function's
 * initialisation with a message naming the variable and the field.
 *
 * <ul>
 *   <li>{@code SERVICES} (required): a JSON array of {@code {"cluster", "service", "config": ScalerConfig}}, plus
 *       for the workflow steps {@code targetGroupArn}, {@code targetPort} and {@code deregistrationDelaySeconds}
 *       (default 300).</li>
 *   <li>{@code SESSION_TABLE}, {@code STATE_TABLE} (required): the session table and the scaler state table.</li>
 *   <li>{@code STATE_MACHINE_ARN} (required): the scale workflow.</li>
 *   <li>{@code LEASE_SECONDS} (optional): how long a workflow holds a service's lease between renewals;
 *       by default an hour, or longer when a deregistration delay needs it ({@link #leaseDuration}).</li>
 *   <li>{@code AUDIT_RETENTION_DAYS} (optional, default 30): how long audit records are kept.</li>
 *   <li>{@code ANALYZER_CONCURRENCY} (optional, default 8, 1 to 64): services decided at once; {@code RUN_BUDGET_SECONDS}
 *       (optional, default 45, 5 to 840): the time a run has before undecided services are reported and left to the
 *       next minute (keep it below the function's timeout).</li>
 *   <li>{@code ECS_READS_PER_SECOND} (default 15) and {@code METRIC_READS_PER_SECOND} (default 10): the analyzer's
 *       request budget ({@link ApiBudget}).</li>
 * </ul>
 */
public record AnalyzerConfig(List<ManagedService> services, String sessionTable, String stateTable,
                             String stateMachineArn, Duration leaseDuration, Duration auditRetention, FanOut fanOut) {

    public static AnalyzerConfig fromEnvironment(Map<String, String> env) {
        List<ManagedService> services = services(required(env, "SERVICES"));
        return new AnalyzerConfig(services, required(env, "SESSION_TABLE"), required(env, "STATE_TABLE"),
                required(env, "STATE_MACHINE_ARN"), leaseDuration(env, services),
                Duration.ofDays(seconds(env, "AUDIT_RETENTION_DAYS", 30, 1, 3650)),
                new FanOut((int) seconds(env, "ANALYZER_CONCURRENCY", 8, 1, 64),
                        Duration.ofSeconds(seconds(env, "RUN_BUDGET_SECONDS", 45, 5, 840))));
    }

    /**
     * {@code LEASE_SECONDS}: by default an hour, or the longest workflow path of the services' deregistration delays if
     * that is longer; a value too short for them is refused at start-up, saying why (safety issue, item 3).
     */
    public static Duration leaseDuration(Map<String, String> env, List<ManagedService> services) {
        int maxDelay = services.stream().mapToInt(ManagedService::deregistrationDelaySeconds).max().orElse(0);
        long lease = seconds(env, "LEASE_SECONDS", WorkflowTiming.defaultLeaseSeconds(maxDelay), 300, WorkflowTiming.MAX_LEASE_SECONDS);
        String problem = WorkflowTiming.leaseProblem((int) lease, maxDelay);
        if (problem != null) {
            throw new IllegalStateException("LEASE_SECONDS: " + problem);
        }
        return Duration.ofSeconds(lease);
    }

    public static List<ManagedService> services(String json) {
        JsonInput root;
        try {
            root = JsonInput.parseObject("{\"SERVICES\": " + json + "}");
        } catch (InvalidInputException e) {
            throw new IllegalStateException("SERVICES: " + e.problem());
        }
        try {
            return ManagedService.listFromJson(root, "SERVICES");
        } catch (InvalidInputException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    public static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value.trim();
    }

    public static long seconds(Map<String, String> env, String name, long fallback, long min, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + ": \"" + value + "\" is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalStateException(name + ": must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }
}
