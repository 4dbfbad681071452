package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ServiceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One workflow per service at a time (invariant 4): a conditional write with an expiry. */
public interface Lease {
    /** Who holds the lease, and until when. */
    record Held(String holder, Instant until) {
    }

    /** Takes the lease if it is free or expired, or already {@code holder}'s; true if {@code holder} now holds it. */
    boolean tryAcquire(ServiceRef service, String holder, Instant now, Duration ttl);

    /** Extends the lease if {@code holder} still holds it; false if it does not (it was lost). */
    boolean renew(ServiceRef service, String holder, Instant now, Duration ttl);

    /** Releases the lease if {@code holder} holds it; releasing a lease one does not hold is a no-op. */
    void release(ServiceRef service, String holder);

    /** The lease as it is, expired or not; empty when nobody holds it. */
    Optional<Held> current(ServiceRef service);
}
