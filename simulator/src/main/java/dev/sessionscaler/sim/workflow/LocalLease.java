package dev.sessionscaler.sim.workflow;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The lease's rules in memory (same as {@code DynamoDbLease}): free, expired, or already the holder's. */
public final class LocalLease implements Lease {
    private record Held(String holder, Instant until) {
    }

    private final Map<ServiceRef, Held> leases = new HashMap<>();

    @Override
    public synchronized boolean tryAcquire(ServiceRef service, String holder, Instant now, Duration ttl) {
        Held held = leases.get(service);
        if (held != null && now.isBefore(held.until()) && !held.holder().equals(holder)) {
            return false;
        }
        leases.put(service, new Held(holder, now.plus(ttl)));
        return true;
    }

    @Override
    public synchronized void release(ServiceRef service, String holder) {
        Held held = leases.get(service);
        if (held != null && held.holder().equals(holder)) {
            leases.remove(service);
        }
    }

    public synchronized boolean isFree(ServiceRef service) {
        return !leases.containsKey(service);
    }
}
