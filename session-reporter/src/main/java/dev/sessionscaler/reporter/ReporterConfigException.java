package dev.sessionscaler.reporter;

/** The reporter cannot start as configured; the message says what is wrong and how to fix it. */
public class ReporterConfigException extends RuntimeException {
    public ReporterConfigException(String message) {
        super(message);
    }
}
