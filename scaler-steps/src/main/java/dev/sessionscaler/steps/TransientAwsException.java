package dev.sessionscaler.steps;

/** An AWS call failed in a way worth retrying (throttling, 5xx) after the SDK's own retries; the ASL retries it. */
public final class TransientAwsException extends RuntimeException {
    public TransientAwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
