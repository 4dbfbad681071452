package dev.sessionscaler.steps;

/** This execution no longer holds its service's lease: it must not start a stop, only undo what it began. */
public final class LeaseLostException extends RuntimeException {
    public LeaseLostException(String message) {
        super(message);
    }
}
