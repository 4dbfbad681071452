package dev.sessionscaler.sim.run;

import dev.sessionscaler.sim.scenario.TaskSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary document ({@code summary.json}, {@code simulate --json}), field names as the README documents. */
public final class SimulationSummary {
    private static final String ROW = "%-25s %9s %11s %8s %10s %10s %11s %12s %8s %9s %5s %5s %7s %8s%n";
    private static final double MINUTES_PER_MONTH = 30 * 24 * 60;
    private static final String LEGEND = """
            sessions: started; interrupted: cut by a stopped task or an expired drain; rejected: found no free slot;
            task-min: task-minutes billed; efficiency: the oracle's task-minutes over the policy's (1 = no waste);
            tasks $/mo: the tasks' Fargate bill at %s, scaled to 30 days;
            scaler $/mo: the scaler's own AWS bill (SQS, Lambda, DynamoDB, Step Functions, CloudWatch; reporters sending
              straight to the queue), an estimate from what the run counted, scaled to 30 days; both monthly figures scale the run's minutes, so a run shorter than a day counts
              as if its traffic went on all day; overload: minutes in which no in-service task had a free slot; p95 out s:
              95th percentile seconds from a scale-out's need to its tasks in service; outs/ins: desired-count raises/lowers;
              cordons/readmits: tasks taken out of / put back into the load balancer while holding sessions.""";
    private SimulationSummary() {
    }

    public static Map<String, Object> document(SimulationResult result, double wallSeconds) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", result.scenario().name());
        doc.put("durationMinutes", result.scenario().durationMinutes());
        doc.put("wallSeconds", Math.round(wallSeconds * 10) / 10.0);
        doc.put("fidelity", result.fidelity().name());
        doc.put("startsAt", result.scenario().startsAt().toString());
        if (result.scenario().recorded() != null) {
            doc.put("trace", result.scenario().recorded().file());
        }
        TaskSize size = result.scenario().service().taskSize();
        Map<String, Object> sizeDoc = new LinkedHashMap<>();
        sizeDoc.put("vcpu", size.vcpu());
        sizeDoc.put("memoryGiB", size.memoryGiB());
        sizeDoc.put("architecture", size.architecture().name());
        sizeDoc.put("usdPerTaskHour", Math.round(size.usdPerTaskMinute() * 60 * 1e5) / 1e5);
        sizeDoc.put("label", size.label());
        doc.put("taskSize", sizeDoc);
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
            double taskCost = o.taskMinutes() * size.usdPerTaskMinute();
            row.put("taskCostUsd", cents(taskCost));
            row.put("monthlyTaskCostUsd", cents(taskCost * MINUTES_PER_MONTH / result.scenario().durationMinutes()));
            row.put("overloadMinutes", o.overloadMinutes());
            row.put("p95ScaleOutLatencySeconds", o.p95ScaleOutLatencySeconds());
            row.put("scaleOutEvents", o.scaleOutEvents());
            row.put("scaleInEvents", o.scaleInEvents());
            row.put("cordons", p.usage().cordons());
            row.put("readmissions", p.usage().readmissions());
            row.put("sessionEvents", p.usage().sessionEvents());
            row.put("workflowExecutions", p.usage().workflowExecutions());
            row.put("stateTransitions", p.usage().stateTransitions());
            CostModel.Breakdown cost = CostModel.breakdown(p.usage(), result.scenario().durationMinutes());
            row.put("scalerMonthlyCostUsd", cost.total());
            row.put("scalerMonthlyCost", cost.toMap());
            policies.add(row);
        }
        doc.put("policies", policies);
        doc.put("headline", headline(policies));
        return doc;
    }

    private static double cents(double usd) {
        return Math.round(usd * 100) / 100.0;
    }

    /** The decision a team makes, in one sentence: sessions cut and the tasks' monthly bill, per policy that ran. */
    static String headline(List<Map<String, Object>> policies) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> row : policies) {
            String policy = (String) row.get("policy");
            String label = LABELS.get(policy);
            if (label != null) {
                parts.add(String.format(Locale.ROOT, "%s: %s sessions cut, %s rejected, tasks $%,.0f a month", label,
                        row.get("sessionsInterrupted"), row.get("sessionsRejected"), (Double) row.get("monthlyTaskCostUsd")));
            }
        }
        return String.join("; ", parts) + ".";
    }

    private static final Map<String, String> LABELS = Map.of(SessionAwareRun.NAME, "Session Scaler",
            TargetTrackingRun.NAME, "ECS target tracking", TargetTrackingProtectedRun.NAME, "target tracking with task protection");

    /** The first policy's own AWS bill by component, in a line. */
    static String bill(Map<String, Object> row) {
        @SuppressWarnings("unchecked")
        Map<String, Object> cost = (Map<String, Object>) row.get("scalerMonthlyCost");
        if (cost == null || (Double) cost.get("total") == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%s's scaler bill, $%.2f a month: SQS $%.2f, Lambda $%.2f, DynamoDB $%.2f, Step Functions $%.2f,"
                        + " CloudWatch $%.2f (reporters sending straight to the queue; through the private API, add $%.2f)%n",
                row.get("policy"), cost.get("total"), cost.get("sqs"), cost.get("lambda"), cost.get("dynamoDb"), cost.get("stepFunctions"),
                cost.get("cloudWatch"), cost.get("apiGatewayIfUsed"));
    }

    /** The summary as a text table for the terminal. */
    public static String table(Map<String, Object> doc) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("scenario %s: %s simulated minutes in %s s (%s fidelity)%n%n", doc.get("scenario"),
                doc.get("durationMinutes"), doc.get("wallSeconds"), String.valueOf(doc.get("fidelity")).toLowerCase(Locale.ROOT)));
        text.append(String.format(ROW, "policy", "sessions", "interrupted", "rejected", "task-min", "efficiency", "tasks $/mo",
                "scaler $/mo", "overload", "p95 out s", "outs", "ins", "cordons", "readmits"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) doc.get("policies");
        for (Map<String, Object> r : rows) {
            text.append(String.format(ROW, r.get("policy"), r.get("sessionsStarted"), r.get("sessionsInterrupted"),
                    r.get("sessionsRejected"), r.get("taskMinutes"), r.get("efficiency"),
                    String.format(Locale.ROOT, "%,.0f", (Double) r.get("monthlyTaskCostUsd")), r.get("scalerMonthlyCostUsd"),
                    r.get("overloadMinutes"), r.get("p95ScaleOutLatencySeconds"), r.get("scaleOutEvents"), r.get("scaleInEvents"),
                    r.get("cordons"), r.get("readmissions")));
        }
        text.append('\n').append(bill(rows.get(0)));
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) doc.get("taskSize");
        text.append('\n').append(LEGEND.formatted(String.format(Locale.ROOT, "%s, $%s a task-hour (us-east-1 list price)",
                size.get("label"), size.get("usdPerTaskHour"))));
        text.append("\n\n").append(doc.get("headline"));
        return text.toString().stripTrailing();
    }
}
