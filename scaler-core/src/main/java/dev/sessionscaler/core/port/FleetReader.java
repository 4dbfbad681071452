package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceRef;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Reads a service and its tasks from ECS (adapter: {@code EcsFleetReader}). */
public interface FleetReader {
    /** The service and its tasks; task protection is not read here (it costs a call per 10 tasks). */
    ServiceFleet read(ServiceRef service);

    /** Which of these tasks have ECS scale-in protection on now, each with the protection's expiry. */
    Map<String, Instant> protection(ServiceRef service, Collection<String> taskArns);

    /** Which of these tasks have ECS scale-in protection on now; asked only for possible victims. */
    default Set<String> protectedAmong(ServiceRef service, Collection<String> taskArns) {
        return protection(service, taskArns).keySet();
    }
}
