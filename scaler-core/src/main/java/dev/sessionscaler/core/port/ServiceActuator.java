package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ServiceRef;
import java.util.List;

/** Changes an ECS service (adapter: {@code EcsServiceActuator}). */
public interface ServiceActuator {
    void setDesiredCount(ServiceRef service, int desiredCount);

    /** Turns scale-in protection on for these tasks (at most 10 per call) for {@code minutes}. */
    void protect(ServiceRef service, List<String> taskArns, int minutes);

    /** Turns scale-in protection off for these tasks (at most 10 per call). */
    void unprotect(ServiceRef service, List<String> taskArns);
}
