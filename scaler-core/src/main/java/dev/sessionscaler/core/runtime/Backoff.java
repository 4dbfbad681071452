package dev.sessionscaler.core.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, for retries the SDK does not do itself. */
public final class Backoff {
    /** Sleeps for a number of milliseconds; injected so tests do not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final int maxAttempts;
    private final long baseMillis;
    private final long capMillis;
    private final Sleeper sleeper;

    public Backoff(int maxAttempts, Duration base, Duration cap, Sleeper sleeper) {
        this.maxAttempts = maxAttempts;
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.sleeper = sleeper;
    }

    public static Backoff standard() {
        return new Backoff(6, Duration.ofMillis(25), Duration.ofSeconds(2), Thread::sleep);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Waits before retry number {@code attempt} (1 for the first retry). */
    public void pause(int attempt) {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
        long delay = ThreadLocalRandom.current().nextLong(ceiling + 1);
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
