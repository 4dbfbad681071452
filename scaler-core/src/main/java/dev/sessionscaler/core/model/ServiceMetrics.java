package dev.sessionscaler.core.model;

import java.util.Map;

/**
 * CloudWatch figures for a service. Null means "no datapoint", which the rules never read as idle.
 *
 * @param serviceMaxCpuPercent the busiest task's CPU (Maximum statistic of the service metric)
 * @param perTask              per-task figures where a reader has them, keyed by task ARN (may be empty)
 */
public record ServiceMetrics(Double serviceCpuPercent, Double serviceMemoryPercent, Double serviceMaxCpuPercent,
                             Map<String, TaskMetrics> perTask) {
    public ServiceMetrics {
        perTask = Map.copyOf(perTask);
    }

    public record TaskMetrics(Double cpuPercent, Double memoryPercent) {
    }
}
