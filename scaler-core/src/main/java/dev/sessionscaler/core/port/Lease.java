package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ServiceRef;
import java.time.Duration;
import java.time.Instant;

/** One workflow per service at a time (invariant 4): a conditional write with an expiry. */
public interface Lease {
    /** Takes the lease if it is free or expired; true if {@code holder} now holds it. */
    boolean tryAcquire(ServiceRef service, String holder, Instant now, Duration ttl);

    /** Releases the lease if {@code holder} holds it; releasing a lease one does not hold is a no-op. */
    void release(ServiceRef service, String holder);
}
