package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ReasonCode;

/**
 * Step 1, recommend: the desired count the signals ask for, before any damping.
 * Scale out if <em>any</em> signal needs more tasks than desired; propose scale-in only if load
 * is well below the target (hysteresis) on sessions <em>and</em> CPU, with known metrics.
 */
public final class Recommender {

    /** The recommendation, plus whether the scale-in ("low") condition holds, which stabilization tracks. */
    public record Result(Proposal proposal, boolean low, Needs scaleOutNeeds, Needs scaleInNeeds) {
    }

    public Result recommend(FleetObservation fleet, ScalerConfig config) {
        int current = fleet.desiredCount();
        Needs out = Needs.of(fleet, config, fleet.scaleOutLoad());
        Needs in = Needs.of(fleet, config, fleet.scaleInLoad());
        if (out.max() > current) {
            return new Result(scaleOut(fleet, config, out), false, out, in);
        }
        boolean sessionsLow = fleet.scaleInUtilization() < config.scaleInSessionUtilization();
        boolean metricsKnown = fleet.serviceCpuPercent() != null && fleet.serviceMemoryPercent() != null;
        if (sessionsLow && !metricsKnown) {
            return new Result(new Proposal(current, ReasonCode.METRICS_MISSING,
                    "session utilisation " + pct(fleet.scaleInUtilization()) + " is low, but service "
                            + (fleet.serviceCpuPercent() == null ? "CPU" : "memory") + " is unknown"), false, out, in);
        }
        boolean low = sessionsLow && fleet.serviceCpuPercent() < config.cpuScaleInPercent();
        if (!low) {
            return new Result(new Proposal(current, ReasonCode.WITHIN_TARGET, figures(fleet, config)), false, out, in);
        }
        int keep = in.max();
        if (keep >= current) {
            ReasonCode why = in.buffer() >= current ? ReasonCode.BLOCKED_BY_BUFFER : ReasonCode.WITHIN_TARGET;
            return new Result(new Proposal(current, why, figures(fleet, config) + "; " + keep
                    + " tasks are still needed (" + describe(in) + ")"), true, out, in);
        }
        return new Result(new Proposal(keep, ReasonCode.SCALE_IN_IDLE, figures(fleet, config) + "; " + keep
                + " tasks are enough (" + describe(in) + ")"), true, out, in);
    }

    private static Proposal scaleOut(FleetObservation fleet, ScalerConfig config, Needs needs) {
        // Ties go to the most specific signal: sessions first, averages last.
        ReasonCode reason = ReasonCode.SCALE_OUT_SESSIONS;
        int best = needs.utilization();
        if (needs.buffer() > best) { best = needs.buffer(); reason = ReasonCode.SCALE_OUT_BUFFER; }
        if (needs.hotTask() > best) { best = needs.hotTask(); reason = ReasonCode.SCALE_OUT_HOT_TASK; }
        if (needs.cpu() > best) { best = needs.cpu(); reason = ReasonCode.SCALE_OUT_CPU; }
        if (needs.memory() > best) { best = needs.memory(); reason = ReasonCode.SCALE_OUT_MEMORY; }
        if (needs.saturation() > best) { best = needs.saturation(); reason = ReasonCode.SCALE_OUT_SATURATED; }
        return new Proposal(best, reason, figures(fleet, config) + "; " + best + " tasks needed (" + describe(needs) + ")");
    }

    static String figures(FleetObservation fleet, ScalerConfig config) {
        StringBuilder text = new StringBuilder()
                .append(fleet.reportedSessions()).append(" sessions on ").append(fleet.desiredCount())
                .append(" desired tasks (").append(pct(fleet.sessionUtilization())).append(" of ")
                .append(fleet.capacitySlots()).append(" slots, target ")
                .append(pct(config.targetSessionUtilization())).append(')');
        if (fleet.serviceCpuPercent() != null) {
            text.append(", CPU ").append(Math.round(fleet.serviceCpuPercent())).append('%');
        }
        if (fleet.cordonedTasks() > 0) {
            text.append(", ").append(fleet.cordonedTasks()).append(" cordoned task(s) holding ").append(fleet.cordonedSessions())
                    .append(" session(s)");
        }
        if (fleet.staleTasks() > 0) {
            text.append(", ").append(fleet.staleTasks()).append(" task(s) with stale heartbeats");
        }
        if (fleet.overCapacityTasks() > 0) {
            text.append(", ").append(fleet.overCapacityTasks()).append(" task(s) reporting more sessions than sessionsPerTask ")
                    .append(config.sessionsPerTask()).append(" (check the configured capacity)");
        }
        return text.toString();
    }

    private static String describe(Needs n) {
        return "utilisation " + n.utilization() + ", buffer " + n.buffer() + ", hot task " + n.hotTask()
                + ", CPU " + n.cpu() + ", memory " + n.memory() + (n.saturation() > 0 ? ", saturated " + n.saturation() : "");
    }

    private static String pct(double fraction) {
        return Math.round(fraction * 100) + "%";
    }
}
