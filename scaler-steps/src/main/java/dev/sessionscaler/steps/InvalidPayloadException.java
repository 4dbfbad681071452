package dev.sessionscaler.steps;

/** The execution input is not a valid scale event; the message names the field. Not retried. */
public final class InvalidPayloadException extends RuntimeException {
    public InvalidPayloadException(String message) {
        super(message);
    }
}
