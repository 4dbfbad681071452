package dev.sessionscaler.core.drain;

/**
 * How long the scale workflow's steps may take, and so how long its lease must last. Every wait loop renews
 * the lease, but the lease must still outlast the longest stretch of a path: the drain of a victim (up to the
 * deregistration delay and one more check), the stop confirmation, and margins for retried steps.
 */
public final class WorkflowTiming {
    /** How long the workflow waits for ECS to stop the victims before it gives up and undoes the stop. */
    public static final int STOP_CONFIRMATION_SECONDS = 600;
    /**
     * How long the protection put on the other tasks during a stop lasts. Longer than protecting a 5,000-task fleet
     * plus the stop confirmation; LowerDesired refuses to lower the count unless every protection still outlasts the
     * confirmation and the release ({@link #RELEASE_BUDGET_SECONDS}). Short enough that protection a dead execution
     * left behind expires within the half hour if nothing lifts it sooner.
     */
    public static final int PROTECTION_MINUTES = 30;
    /** Retries with backoff of the steps on one path (4 attempts of up to 30 s each, a few steps), rounded up. */
    static final int RETRY_MARGIN_SECONDS = 300;
    /**
     * After the stop confirmation gives up, what the protection must still outlast: the last wait and check (with
     * their retries, up to 4 attempts of a 60 s function) and ReleaseProtection raising the count and releasing.
     */
    public static final int RELEASE_BUDGET_SECONDS = 420;
    /**
     * The longest a retirement (a short execution: no drain wait) may hold the service's lease: the stop's last wait,
     * its confirmation, the release, and retries. A cordoned task whose deadline falls within it is readmitted before a
     * retirement starts, since its readmission would have to wait for the lease.
     */
    public static final int RETIREMENT_SECONDS = 60 + STOP_CONFIRMATION_SECONDS + RELEASE_BUDGET_SECONDS + RETRY_MARGIN_SECONDS;
    public static final int DEFAULT_LEASE_SECONDS = 3600;
    public static final int MAX_LEASE_SECONDS = 86_400;

    private WorkflowTiming() {
    }

    /** The shortest lease that outlasts the longest path of a workflow for this deregistration delay. */
    public static int minimumLeaseSeconds(int deregistrationDelaySeconds) {
        DrainTiming drain = DrainTiming.forDelay(deregistrationDelaySeconds);
        return deregistrationDelaySeconds + drain.recheckSeconds() + STOP_CONFIRMATION_SECONDS + RETRY_MARGIN_SECONDS;
    }

    /** The default lease: an hour, or longer when a target group's delay needs it. */
    public static int defaultLeaseSeconds(int maxDeregistrationDelaySeconds) {
        int minimum = minimumLeaseSeconds(maxDeregistrationDelaySeconds);
        return Math.max(DEFAULT_LEASE_SECONDS, (minimum + 59) / 60 * 60);
    }

    /**
     * Null when {@code leaseSeconds} is long enough for the longest deregistration delay of the services, else the
     * reason it cannot work, naming what to change.
     */
    public static String leaseProblem(int leaseSeconds, int maxDeregistrationDelaySeconds) {
        int minimum = minimumLeaseSeconds(maxDeregistrationDelaySeconds);
        if (leaseSeconds >= minimum) {
            return null;
        }
        return "must be at least " + minimum + " s for a deregistration delay of " + maxDeregistrationDelaySeconds
                + " s (the delay, one drain check, " + STOP_CONFIRMATION_SECONDS + " s of stop confirmation and "
                + RETRY_MARGIN_SECONDS + " s for retries), got " + leaseSeconds
                + ": a lease that expires mid-drain would let a second workflow start on the same service";
    }
}
