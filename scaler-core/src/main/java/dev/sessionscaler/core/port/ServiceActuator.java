package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ServiceRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Changes an ECS service (adapter: {@code EcsServiceActuator}). */
public interface ServiceActuator {
    void setDesiredCount(ServiceRef service, int desiredCount);

    /**
     * Turns scale-in protection on for these tasks (at most 10 per call) for {@code minutes}; returns the expiry ECS
     * gave each task it protected (a task that has stopped meanwhile is left out).
     */
    Map<String, Instant> protect(ServiceRef service, List<String> taskArns, int minutes);

    /** Turns scale-in protection off for these tasks (at most 10 per call). */
    void unprotect(ServiceRef service, List<String> taskArns);
}
