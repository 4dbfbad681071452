package dev.sessionscaler.reporter;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.List;

/**
 * Writes each message as one JSON line instead of sending it: for trying the reporter or the sidecar, and for tests.
 * What it writes is a JSON Lines file {@code session-scaler ingest} accepts as it is.
 */
public final class PrintingEventSender implements EventSender {
    private final PrintWriter out;

    public PrintingEventSender(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized List<Outcome> send(List<String> bodies) {
        bodies.forEach(out::println);
        out.flush();
        return Collections.nCopies(bodies.size(), Outcome.SENT);
    }
}
