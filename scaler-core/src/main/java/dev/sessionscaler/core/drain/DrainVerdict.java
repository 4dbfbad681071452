package dev.sessionscaler.core.drain;

/** The outcome of one check of a draining victim. */
public enum DrainVerdict {
    /** Idle, known idle, and the load balancer no longer sends it anything: it may be stopped. */
    DRAINED,
    /** Not decided yet: check again after {@link DrainTiming#recheckSeconds()}. */
    WAIT,
    /** Keep the task: re-register it at once, before the load balancer closes anything. */
    ABORT,
    /** The task is not running any more (it stopped on its own): there is nothing left to stop. */
    GONE
}
