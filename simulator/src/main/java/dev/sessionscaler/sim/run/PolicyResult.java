package dev.sessionscaler.sim.run;

/** One policy's run of a scenario: what users saw, the minute-by-minute record, and the control plane's work. */
public record PolicyResult(String policy, Outcome outcome, Timeline timeline, ControlPlaneUsage usage) {

    /** The figures the summary reports (see {@link OutcomeCounters} for how each is counted). */
    public record Outcome(int sessionsStarted, int sessionsInterrupted, int sessionsRejected, double taskMinutes,
                          int overloadMinutes, int p95ScaleOutLatencySeconds, int scaleOutEvents, int scaleInEvents) {
    }
}
