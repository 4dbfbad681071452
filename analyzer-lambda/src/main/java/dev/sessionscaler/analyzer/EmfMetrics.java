package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.model.ReasonCode;
import dev.sessionscaler.core.policy.FleetObservation;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch embedded metric format: one JSON line per decision on stdout, which CloudWatch Logs turns
 * into metrics in the {@code SessionScaler} namespace with dimensions Cluster and Service. No API call.
 */
public final class EmfMetrics {
    public static final String NAMESPACE = "SessionScaler";
    /** How many custom metrics each managed service publishes (CloudWatch bills each a month). */
    public static int metricsPerService() {
        return METRICS.size();
    }

    static final List<String> METRICS = List.of("DesiredTasks", "RunningTasks", "ActiveSessions", "IdleSlots",
            "BlockedScaleIns", "StaleTasks");
    private final PrintStream out;

    public EmfMetrics(PrintStream out) {
        this.out = out;
    }

    public void publish(Decision decision) {
        FleetObservation o = decision.audit().observed();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", decision.audit().decidedAt().toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of("Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of("Cluster", "Service")),
                        "Metrics", METRICS.stream().map(name -> Map.of("Name", name, "Unit", "Count")).toList()))));
        line.put("Cluster", decision.audit().cluster());
        line.put("Service", decision.audit().service());
        line.put("DesiredTasks", o.desiredCount());
        line.put("RunningTasks", o.runningTasks());
        line.put("ActiveSessions", o.reportedSessions());
        line.put("IdleSlots", Math.max(0, o.capacitySlots() - o.scaleOutLoad()));
        line.put("BlockedScaleIns", decision.reason() == ReasonCode.BLOCKED_BY_SESSIONS ? 1 : 0);
        line.put("StaleTasks", o.staleTasks());
        out.println(Json.write(line));
    }
}
