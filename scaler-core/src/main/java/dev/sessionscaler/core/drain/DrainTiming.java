package dev.sessionscaler.core.drain;

import dev.sessionscaler.core.policy.SessionKnowledge;

/**
 * When the workflow looks at a draining victim (DESIGN.md section 6): first at the expected drain
 * time, then every {@code recheckSeconds}; no sub-minute polling. The load balancer closes whatever
 * connections remain when the target group's deregistration delay expires, so a victim whose sessions
 * are unknown must be decided before then (the deadline, a safety margin earlier).
 *
 * @param deregistrationDelaySeconds the target group's deregistration delay
 * @param firstCheckMarginSeconds    the first check comes this long before the delay expires
 * @param recheckSeconds             later checks come this often
 * @param safetySeconds              a verdict is never left for later than this before the delay expires
 */
public record DrainTiming(int deregistrationDelaySeconds, int firstCheckMarginSeconds, int recheckSeconds, int safetySeconds) {

    public static DrainTiming forDelay(int deregistrationDelaySeconds) {
        return new DrainTiming(deregistrationDelaySeconds, 45, 60, 15);
    }

    public DrainTiming {
        if (recheckSeconds < 60) {
            throw new IllegalArgumentException("recheckSeconds must be at least 60: no sub-minute polling");
        }
        if (safetySeconds < 1 || firstCheckMarginSeconds <= safetySeconds) {
            throw new IllegalArgumentException("the first check must come before the safety margin");
        }
        if (deregistrationDelaySeconds < 0 || deregistrationDelaySeconds > MAX_DEREGISTRATION_DELAY_SECONDS) {
            throw new IllegalArgumentException("deregistrationDelaySeconds must be between 0 and "
                    + MAX_DEREGISTRATION_DELAY_SECONDS + " (what AWS allows), got " + deregistrationDelaySeconds);
        }
    }

    /** The largest deregistration delay a target group may have. */
    public static final int MAX_DEREGISTRATION_DELAY_SECONDS = 3600;

    /**
     * The shortest delay with which a victim can be drained without risking a session: a load balancer may still send a
     * deregistered target new connections for up to about two minutes, and a session that arrives then must be seen
     * before the delay closes it. Only a heartbeat stamped {@link SessionKnowledge#REPORTED_AFTER_LAG_SECONDS} after the
     * deregistration surely lists it; one comes within the next minute and is delivered before the first check
     * ({@link #FIRST_CHECK_CAP_SECONDS}), which must come before the safety margin. 300 s is also AWS's default delay.
     */
    public static final int MIN_SAFE_DELAY_SECONDS = 300;

    /** Null when a victim may be drained with this delay, else why not and what to change. */
    public static String unsafeDelay(int deregistrationDelaySeconds) {
        if (deregistrationDelaySeconds >= MIN_SAFE_DELAY_SECONDS) {
            return null;
        }
        return "the target group's deregistration delay is " + deregistrationDelaySeconds + " s, shorter than the "
                + MIN_SAFE_DELAY_SECONDS + " s a drain needs: a load balancer may send a deregistered target new connections for up"
                + " to two minutes, and a session that arrived then would be closed before it could be seen; set"
                + " deregistration_delay.timeout_seconds to at least " + MIN_SAFE_DELAY_SECONDS + " (3600 to let busy tasks be cordoned)";
    }

    /**
     * The first check comes no later than this after deregistration: an idle target's drain ends as soon as the load
     * balancer has stopped sending it connections (about two minutes at most), so waiting out a long delay would only
     * hold the service's lease; a target still draining then is checked again every {@code recheckSeconds}. It is the
     * time a heartbeat that surely lists every session the lag let in takes to be stamped (at most a minute after
     * {@link SessionKnowledge#REPORTED_AFTER_LAG_SECONDS}) and 15 s to be delivered.
     */
    public static final int FIRST_CHECK_CAP_SECONDS = SessionKnowledge.REPORTED_AFTER_LAG_SECONDS + 60 + 15;

    /**
     * Seconds after deregistration of the first check: the expected drain time (255 s for a 300 s delay or longer;
     * at once for a delay of 45 s or less, whose load balancer finishes before any later check).
     */
    public int firstCheckSeconds() {
        return Math.max(0, Math.min(FIRST_CHECK_CAP_SECONDS, deregistrationDelaySeconds - firstCheckMarginSeconds));
    }

    /**
     * The last moment, in seconds after deregistration, at which a verdict may still be taken. With a delay
     * shorter than the safety margin it has passed at once: unknown sessions then abort at the first check.
     */
    public int deadlineSeconds() {
        return deregistrationDelaySeconds - safetySeconds;
    }

    /** Whether a check at {@code elapsedSeconds} may wait for another one, or must decide now. */
    public boolean mayWaitAgain(long elapsedSeconds) {
        return elapsedSeconds + recheckSeconds <= deadlineSeconds();
    }

    /** The load balancer has certainly finished draining by now (the delay plus one recheck has passed). */
    public boolean drainOverdue(long elapsedSeconds) {
        return elapsedSeconds >= deregistrationDelaySeconds + recheckSeconds;
    }
}
