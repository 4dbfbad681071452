package dev.sessionscaler.sim.cli;

import dev.sessionscaler.core.decision.AuditRecord;
import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.decision.StepTrace;
import dev.sessionscaler.core.decision.VictimEvidence;
import dev.sessionscaler.core.model.DecisionHistory;

/** The short human explanation {@code decide} prints without {@code --json}. */
final class DecisionReport {
    private DecisionReport() {
    }

    static String render(Decision decision) {
        AuditRecord audit = decision.audit();
        StringBuilder text = new StringBuilder();
        text.append(audit.cluster()).append('/').append(audit.service()).append(" at ").append(audit.decidedAt())
                .append(": ").append(decision.action()).append(' ').append(audit.desiredBefore()).append(" -> ")
                .append(decision.desiredCount()).append(" (").append(decision.reason()).append(")")
                .append(decision.dryRun() ? " [dry run: nothing would be started]" : "").append('\n');
        text.append(decision.message()).append('\n');
        evidence(text, "Victims (idle, healthy, unprotected, fresh heartbeat):", audit.victims());
        evidence(text, "Cordon (out of the load balancer while their sessions end):", audit.cordon());
        evidence(text, "Readmit (back into the load balancer):", audit.readmit());
        evidence(text, "Retire (cordoned, drained, to be stopped):", audit.retire());
        text.append("Steps:\n");
        for (StepTrace step : audit.steps()) {
            text.append(String.format("  %-13s %4d  %s%n", step.step(), step.desiredCount(), step.reason()));
        }
        DecisionHistory next = decision.history();
        text.append("Next history: lowSince=").append(next.lowSince()).append(", lastScaleOutAt=")
                .append(next.lastScaleOutAt()).append(", lastScaleInAt=").append(next.lastScaleInAt());
        return text.toString();
    }

    private static void evidence(StringBuilder text, String title, java.util.List<VictimEvidence> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        text.append(title).append('\n');
        for (VictimEvidence v : tasks) {
            text.append("  ").append(v.taskArn()).append("  ").append(v.availabilityZone()).append(", ")
                    .append(v.activeSessions()).append(" sessions, heartbeat ").append(v.lastHeartbeat()).append('\n');
        }
    }
}
