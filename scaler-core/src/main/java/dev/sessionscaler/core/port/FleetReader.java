package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceRef;

/** Reads a service and its tasks from ECS (adapter: {@code EcsFleetReader}). */
public interface FleetReader {
    ServiceFleet read(ServiceRef service);
}
