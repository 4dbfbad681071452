package dev.sessionscaler.core.model;

import java.util.List;

/**
 * Everything the decision needs to know about one service at one moment.
 *
 * @param serviceCpuPercent    service average CPU (AWS/ECS); null when no datapoint is available
 * @param serviceMemoryPercent service average memory (AWS/ECS); null when no datapoint is available
 * @param serviceMaxCpuPercent the busiest task's CPU (AWS/ECS CPUUtilization, Maximum statistic); null when
 *                             unknown. It reveals a hot task even when per-task figures are not available.
 */
public record FleetSnapshot(ServiceState service, Double serviceCpuPercent, Double serviceMemoryPercent,
                            Double serviceMaxCpuPercent, List<TaskState> tasks) {
    public FleetSnapshot {
        tasks = List.copyOf(tasks);
    }

    public FleetSnapshot(ServiceState service, Double serviceCpuPercent, Double serviceMemoryPercent, List<TaskState> tasks) {
        this(service, serviceCpuPercent, serviceMemoryPercent, null, tasks);
    }
}
