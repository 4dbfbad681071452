package dev.sessionscaler.sim.cli;

import java.io.PrintWriter;

/**
 * Progress on stderr, shown only for runs long enough to need one: on a terminal a bar redrawn in place, elsewhere (a
 * log, CI) a line every 10 %, so the output stays readable.
 */
final class Progress {
    private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
    private final long showAfterNanos;
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private final boolean terminal;
    private boolean shown;
    private long lastPrinted = -1;

    Progress(PrintWriter err, String label, long total) {
        this(err, label, total, onTerminal(), SHOW_AFTER_NANOS);
    }

    /**
     * Whether the bar can redraw in place: a console is attached (before Java 22, only when stdin and stdout are
     * terminals; from 22 on, {@code Console.isTerminal()} says so) and CI is not set, since CI logs keep every redraw.
     */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null || System.getenv("CI") != null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;  // Java 17 to 21: a console means a terminal
        }
    }

    Progress(PrintWriter err, String label, long total, boolean terminal, long showAfterNanos) {
        this.err = err;
        this.showAfterNanos = showAfterNanos;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
    }

    void update(long done) {
        long elapsed = System.nanoTime() - started;
        if (elapsed < showAfterNanos || total <= 0) {
            return;
        }
        long percent = Math.min(100, done * 100 / total);
        long shownStep = terminal ? percent : percent / 10 * 10;
        if (shownStep == lastPrinted) {
            return;
        }
        lastPrinted = shownStep;
        shown = true;
        if (terminal) {
            int filled = (int) (percent / 5);
            err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(20 - filled) + "] " + percent + "% (" + done + "/" + total + ")");
        } else {
            err.println(label + ": " + shownStep + "% (" + done + "/" + total + ")");
        }
        err.flush();
    }

    /** Completes the bar (messages that end in the dead-letter queue never count as done) and ends the line. */
    void finish() {
        if (shown) {
            if (lastPrinted != 100) {
                lastPrinted = -1;
                update(total);
            }
            if (terminal) {
                err.println();
            }
            err.flush();
        }
    }
}
