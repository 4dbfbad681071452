package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The lease's rules in memory (same as {@link DynamoDbLease}): for the local workflow runner and unit tests. */
public final class InMemoryLease implements Lease {
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
    public synchronized boolean renew(ServiceRef service, String holder, Instant now, Duration ttl) {
        Held held = leases.get(service);
        if (held == null || !held.holder().equals(holder)) {
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

    @Override
    public synchronized Optional<Held> current(ServiceRef service) {
        return Optional.ofNullable(leases.get(service));
    }

    public synchronized boolean isFree(ServiceRef service) {
        return !leases.containsKey(service);
    }
}
