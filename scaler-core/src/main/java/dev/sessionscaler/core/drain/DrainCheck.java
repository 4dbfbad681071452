package dev.sessionscaler.core.drain;

/**
 * Decides what to do with a draining victim (invariants 1 and 7: never cut a session, abort beats harm).
 *
 * <ol>
 *   <li>A task that is not running any more is {@link DrainVerdict#GONE}.</li>
 *   <li>A session on the victim, or load rising enough to need it, aborts at once: re-register, keep it.</li>
 *   <li>A target still registered after its deregistration (initial, healthy…: a wrong port, or someone
 *       registered it again) still receives connections: abort, the task is kept.</li>
 *   <li>Unknown sessions (stale heartbeat) wait while there is time and abort at the deadline.</li>
 *   <li>Known idle and really gone from the target group: drained.</li>
 *   <li>Known idle but the load balancer still drains connections: those carry no session, and the load
 *       balancer ends the drain once they close or the delay expires; wait for that, and count the
 *       victim as drained once the delay has certainly passed.</li>
 * </ol>
 */
public final class DrainCheck {
    private DrainCheck() {
    }

    /**
     * What the load balancer says about the victim's target (DescribeTargetHealth): draining; not registered
     * ({@code unused} with reason {@code Target.NotRegistered}); or registered in any other state, which
     * includes every state the target group does not explain (doubt: it may still receive connections).
     */
    public enum TargetState { DRAINING, NOT_REGISTERED, REGISTERED }

    /**
     * @param elapsedSeconds seconds since the victim was deregistered
     * @param taskRunning    ECS still runs the task
     * @param sessionsKnown  the victim's heartbeat is fresh
     * @param activeSessions the victim's sessions, as the session store has them
     * @param loadRising     the rest of the fleet could not hold the current load without this task
     */
    public static Result check(DrainTiming timing, long elapsedSeconds, boolean taskRunning, boolean sessionsKnown,
                               int activeSessions, boolean loadRising, TargetState target) {
        if (!taskRunning) {
            return new Result(DrainVerdict.GONE, "the task is no longer running");
        }
        if (activeSessions > 0) {
            return new Result(DrainVerdict.ABORT, activeSessions + " session(s) appeared during the drain");
        }
        if (loadRising) {
            return new Result(DrainVerdict.ABORT, "load rose during the drain: the task is needed");
        }
        if (target == TargetState.REGISTERED) {
            return new Result(DrainVerdict.ABORT, "its target is still registered in the target group after deregistration"
                    + " (check targetPort); the task is kept");
        }
        boolean mayWait = timing.mayWaitAgain(elapsedSeconds);
        if (!sessionsKnown) {
            return mayWait ? new Result(DrainVerdict.WAIT, "no fresh heartbeat yet")
                    : new Result(DrainVerdict.ABORT, "sessions still unknown at the drain deadline");
        }
        if (target == TargetState.NOT_REGISTERED) {
            return new Result(DrainVerdict.DRAINED, "idle and no longer receiving traffic");
        }
        return timing.drainOverdue(elapsedSeconds)
                ? new Result(DrainVerdict.DRAINED, "idle, and the deregistration delay is over")
                : new Result(DrainVerdict.WAIT, "idle, but the load balancer is still draining connections");
    }

    public record Result(DrainVerdict verdict, String reason) {
    }
}
