package dev.sessionscaler.reporter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A sender that records what it was given, and can be made unreachable or to refuse (tests). */
final class RecordingSender implements EventSender {
    final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    volatile boolean down;
    volatile Outcome answer = Outcome.SENT;
    int calls;

    @Override
    public synchronized List<Outcome> send(List<String> bodies) throws Exception {
        calls++;
        if (down) {
            throw new java.io.IOException("connection refused (the queue is unreachable)");
        }
        if (answer == Outcome.SENT) {
            delivered.addAll(bodies);
        }
        return Collections.nCopies(bodies.size(), answer);
    }
}
