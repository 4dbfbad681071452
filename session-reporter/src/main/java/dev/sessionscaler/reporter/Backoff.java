package dev.sessionscaler.reporter;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for the reporter's retries: each wait doubles up to {@code max}, drawn at random from
 * its upper half so that many tasks that lost the queue together do not all come back at once. (The scaler's own
 * {@code core.runtime.Backoff} is not used: the reporter depends on nothing of the scaler.)
 */
final class Backoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait before the next attempt, without using it up. */
    synchronized Duration peek() {
        return next;
    }

    /** The wait before the next attempt (jittered); the one after is twice as long, up to the maximum. */
    synchronized Duration next() {
        Duration base = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        long half = base.toMillis() / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    synchronized void reset() {
        next = first;
    }
}
