package dev.sessionscaler.ingest;

/**
 * What is known about one session: active or ended, and the time of the evidence for it. A
 * session's state is a last-writer-wins register over all evidence (START, END, heartbeat
 * snapshots), which is what makes ingest order-tolerant and idempotent: the result depends only on
 * the set of evidence, not on the order or number of deliveries. On a tie, "active" wins, so doubt
 * never counts a possibly active session as ended (invariant 1 prefers a phantom to a cut session).
 *
 * @param active   the session is active
 * @param atMillis epoch milliseconds of the evidence
 */
public record SessionFact(boolean active, long atMillis) {

    public static SessionFact active(long atMillis) {
        return new SessionFact(true, atMillis);
    }

    public static SessionFact ended(long atMillis) {
        return new SessionFact(false, atMillis);
    }

    /** True if this evidence replaces {@code current} (null means nothing is known yet). */
    public boolean supersedes(SessionFact current) {
        if (current == null) {
            return true;
        }
        if (atMillis != current.atMillis) {
            return atMillis > current.atMillis;
        }
        return active && !current.active;
    }
}
