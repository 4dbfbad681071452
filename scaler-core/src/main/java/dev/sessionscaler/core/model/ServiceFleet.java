package dev.sessionscaler.core.model;

import java.util.List;

/** What ECS says about a service and its tasks. */
public record ServiceFleet(ServiceState service, List<EcsTask> tasks) {
    public ServiceFleet {
        tasks = List.copyOf(tasks);
    }
}
