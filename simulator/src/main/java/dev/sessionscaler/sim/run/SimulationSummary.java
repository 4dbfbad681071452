package dev.sessionscaler.sim.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summary document ({@code summary.json}, {@code simulate --json}), field names as the README documents. */
public final class SimulationSummary {
    private static final String ROW = "%-25s %9s %11s %8s %10s %10s %8s %9s %5s %5s %7s %8s %8s%n";
    private SimulationSummary() {
    }

    public static Map<String, Object> document(SimulationResult result, double wallSeconds) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", result.scenario().name());
        doc.put("durationMinutes", result.scenario().durationMinutes());
        doc.put("wallSeconds", Math.round(wallSeconds * 10) / 10.0);
        List<Map<String, Object>> policies = new ArrayList<>();
        for (PolicyResult p : result.policies()) {
            PolicyResult.Outcome o = p.outcome();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("policy", p.policy());
            row.put("sessionsStarted", o.sessionsStarted());
            row.put("sessionsInterrupted", o.sessionsInterrupted());
            row.put("sessionsRejected", o.sessionsRejected());
            row.put("taskMinutes", Math.round(o.taskMinutes() * 10) / 10.0);
            row.put("efficiency", Math.round(result.efficiency(p) * 1000) / 1000.0);
            row.put("overloadMinutes", o.overloadMinutes());
            row.put("p95ScaleOutLatencySeconds", o.p95ScaleOutLatencySeconds());
            row.put("scaleOutEvents", o.scaleOutEvents());
            row.put("scaleInEvents", o.scaleInEvents());
            row.put("cordons", p.usage().cordons());
            row.put("readmissions", p.usage().readmissions());
            row.put("workflowExecutions", p.usage().workflowExecutions());
            row.put("stateTransitions", p.usage().stateTransitions());
            row.put("estimatedMonthlyCostUsd", CostModel.monthlyUsd(p.usage(), result.scenario().durationMinutes()));
            policies.add(row);
        }
        doc.put("policies", policies);
        return doc;
    }

    /** The summary as a text table for the terminal. */
    public static String table(Map<String, Object> doc) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("scenario %s: %s simulated minutes in %s s%n%n", doc.get("scenario"), doc.get("durationMinutes"),
                doc.get("wallSeconds")));
        text.append(String.format(ROW, "policy", "sessions", "interrupted", "rejected", "task-min", "efficiency", "overload",
                "p95 out s", "outs", "ins", "cordons", "readmits", "$/month"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) doc.get("policies");
        for (Map<String, Object> r : rows) {
            text.append(String.format(ROW, r.get("policy"), r.get("sessionsStarted"), r.get("sessionsInterrupted"),
                    r.get("sessionsRejected"), r.get("taskMinutes"), r.get("efficiency"), r.get("overloadMinutes"),
                    r.get("p95ScaleOutLatencySeconds"), r.get("scaleOutEvents"), r.get("scaleInEvents"), r.get("cordons"),
                    r.get("readmissions"), r.get("estimatedMonthlyCostUsd")));
        }
        return text.toString().stripTrailing();
    }
}
