package dev.sessionscaler.steps;

/** Another workflow holds the service's lease (invariant 4). Not retried: the execution ends, changing nothing. */
public final class LeaseHeldException extends RuntimeException {
    public LeaseHeldException(String message) {
        super(message);
    }
}
