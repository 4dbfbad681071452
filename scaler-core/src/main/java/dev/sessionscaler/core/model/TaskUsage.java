package dev.sessionscaler.core.model;

/**
 * A task's own CPU and memory use, reported with its heartbeat, each as a percentage of what the task reserves (the
 * same measure as the {@code AWS/ECS} service metrics; CPU may exceed 100 where the task may burst beyond its
 * reservation, as on EC2).
 */
public record TaskUsage(double cpuPercent, double memoryPercent) {
    public TaskUsage {
        if (!Double.isFinite(cpuPercent) || cpuPercent < 0 || !Double.isFinite(memoryPercent) || memoryPercent < 0) {
            throw new IllegalArgumentException("usage must be finite and at least 0: cpu " + cpuPercent + ", memory " + memoryPercent);
        }
    }
}
