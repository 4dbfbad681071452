package dev.sessionscaler.sim.run;

import java.util.List;

/**
 * One policy's run of a scenario: what users saw, the minute-by-minute record, the control plane's work, and its
 * decisions as JSON lines (empty for policies that keep none).
 */
public record PolicyResult(String policy, Outcome outcome, Timeline timeline, ControlPlaneUsage usage, List<String> decisions) {
    public PolicyResult {
        decisions = List.copyOf(decisions);
    }

    public PolicyResult(String policy, Outcome outcome, Timeline timeline, ControlPlaneUsage usage) {
        this(policy, outcome, timeline, usage, List.of());
    }

    /** The figures the summary reports (see {@link OutcomeCounters} for how each is counted). */
    public record Outcome(int sessionsStarted, int sessionsInterrupted, int sessionsRejected, double taskMinutes,
                          int overloadMinutes, int p95ScaleOutLatencySeconds, int scaleOutEvents, int scaleInEvents) {
    }
}
