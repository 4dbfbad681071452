package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.model.ReasonCode;
import dev.sessionscaler.core.policy.FleetObservation;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch embedded metric format: one JSON line per decision on stdout, which CloudWatch Logs turns
 * into metrics in the {@code SessionScaler} namespace with dimensions Cluster and Service. No API call.
 *
 * <p>CloudWatch bills a custom metric by the hours in which it receives data. The gauges a dashboard draws are
 * published every minute; the counts of trouble ({@link #WHEN_NONZERO}) only in minutes when there is some, so a
 * healthy service does not pay for a line of zeros. Their alarms read a missing datapoint as not breaching, the same
 * as a zero.
 */
public final class EmfMetrics {
    public static final String NAMESPACE = "SessionScaler";
    /** Published with every decision. */
    static final List<String> ALWAYS = List.of("DesiredTasks", "RunningTasks", "ActiveSessions", "IdleSlots");
    /** Published only when above zero. */
    static final List<String> WHEN_NONZERO = List.of("BlockedScaleIns", "StaleTasks");
    /** Per run, without dimensions, only when above zero: services the analyzer did not decide in their minute. */
    public static final String SERVICES_NOT_DECIDED = "ServicesNotDecided";
    /** Scale-ins that load asked for and sessions prevented (no idle task, and no cordon possible either). */
    private static final java.util.Set<ReasonCode> BLOCKED = java.util.EnumSet.of(ReasonCode.BLOCKED_BY_SESSIONS,
            ReasonCode.CORDON_UNAVAILABLE);
    private final PrintStream out;

    public EmfMetrics(PrintStream out) {
        this.out = out;
    }

    public void publish(Decision decision) {
        FleetObservation o = decision.audit().observed();
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("DesiredTasks", o.desiredCount());
        values.put("RunningTasks", o.runningTasks());
        values.put("ActiveSessions", o.reportedSessions());
        values.put("IdleSlots", Math.max(0, o.capacitySlots() - o.scaleOutLoad()));
        values.put("BlockedScaleIns", BLOCKED.contains(decision.reason()) ? 1 : 0);
        values.put("StaleTasks", o.staleTasks());
        values.entrySet().removeIf(v -> WHEN_NONZERO.contains(v.getKey()) && v.getValue().longValue() == 0);
        Map<String, Object> line = line(decision.audit().decidedAt(), List.of(List.of("Cluster", "Service")), values);
        line.put("Cluster", decision.audit().cluster());
        line.put("Service", decision.audit().service());
        out.println(Json.write(line));
    }

    /** After a run: how many services were not decided (late or failed); nothing when every one was. */
    public void publishRun(Instant at, int notDecided) {
        if (notDecided > 0) {
            out.println(Json.write(line(at, List.of(List.of()), Map.of(SERVICES_NOT_DECIDED, notDecided))));
        }
    }

    private static Map<String, Object> line(Instant at, List<List<String>> dimensions, Map<String, ? extends Number> values) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", at.toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of("Namespace", NAMESPACE, "Dimensions", dimensions,
                        "Metrics", values.keySet().stream().map(name -> Map.of("Name", name, "Unit", "Count")).toList()))));
        line.putAll(values);
        return line;
    }
}
