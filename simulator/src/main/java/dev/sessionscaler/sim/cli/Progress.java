package dev.sessionscaler.sim.cli;

import java.io.PrintWriter;

/** A one-line progress display on stderr, shown only for runs long enough to need one. */
final class Progress {
    private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private boolean shown;
    private long lastPrinted = -1;

    Progress(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    void update(long done) {
        long elapsed = System.nanoTime() - started;
        if (elapsed < SHOW_AFTER_NANOS || total <= 0) {
            return;
        }
        long percent = Math.min(100, done * 100 / total);
        if (percent == lastPrinted) {
            return;
        }
        lastPrinted = percent;
        shown = true;
        int filled = (int) (percent / 5);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(20 - filled) + "] " + percent + "% (" + done + "/" + total + ")");
        err.flush();
    }

    /** Completes the bar (messages that end in the dead-letter queue never count as done) and ends the line. */
    void finish() {
        if (shown) {
            lastPrinted = -1;
            update(total);
            err.println();
            err.flush();
        }
    }
}
