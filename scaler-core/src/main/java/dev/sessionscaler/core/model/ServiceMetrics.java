package dev.sessionscaler.core.model;

import java.util.Map;

/**
 * CloudWatch figures for a service. Null means "no datapoint", which the rules never read as idle.
 *
 * @param perTask per-task maxima where Container Insights provides them, keyed by task ARN
 */
public record ServiceMetrics(Double serviceCpuPercent, Double serviceMemoryPercent, Map<String, TaskMetrics> perTask) {
    public ServiceMetrics {
        perTask = Map.copyOf(perTask);
    }

    public record TaskMetrics(Double cpuPercent, Double memoryPercent) {
    }
}
