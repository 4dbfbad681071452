package dev.sessionscaler.core.model;

import java.util.List;

/**
 * Everything the decision needs to know about one service at one moment.
 *
 * @param serviceCpuPercent    service average CPU (AWS/ECS); null when no datapoint is available
 * @param serviceMemoryPercent service average memory (AWS/ECS); null when no datapoint is available
 */
public record FleetSnapshot(ServiceState service, Double serviceCpuPercent, Double serviceMemoryPercent,
                            List<TaskState> tasks) {
    public FleetSnapshot {
        tasks = List.copyOf(tasks);
    }
}
