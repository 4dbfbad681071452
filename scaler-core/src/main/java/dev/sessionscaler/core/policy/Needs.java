package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;

/**
 * Tasks each signal needs, HPA style: the smallest task count that brings the signal back to its
 * target. CPU and memory needs scale the <em>running</em> count, so tasks already starting are not
 * asked for twice and no scale-out cooldown is needed. 0 means the signal asks for nothing.
 *
 * @param utilization tasks to keep session utilisation at or under the target (cordoned tasks, plus the in-service
 *                    tasks their load needs)
 * @param buffer      tasks to keep {@code bufferIdleSlots} free slots in service (cordoned tasks offer none)
 * @param hotTask     running tasks + 1 while any running task is hot
 * @param cpu         tasks to bring average CPU to the target (0 when unknown)
 * @param memory      tasks to bring average memory to the target (0 when unknown)
 */
public record Needs(int utilization, int buffer, int hotTask, int cpu, int memory) {
    /** Guards ceil() against binary fractions such as 0.7 * 10 = 7.000000000000001. */
    private static final double EPSILON = 1e-9;

    /** @param sessionLoad the in-service load; cordoned tasks are added as one task each */
    public static Needs of(FleetObservation fleet, ScalerConfig config, long sessionLoad) {
        int slots = config.sessionsPerTask();
        int cordoned = fleet.cordonedTasks();
        return new Needs(
                cordoned + ceil(sessionLoad / (slots * config.targetSessionUtilization())),
                cordoned + ceil((double) (sessionLoad + config.bufferIdleSlots()) / slots),
                fleet.hotTasks() > 0 ? fleet.runningTasks() + 1 : 0,
                proportional(fleet.runningTasks(), fleet.serviceCpuPercent(), config.cpuTargetPercent()),
                proportional(fleet.runningTasks(), fleet.serviceMemoryPercent(), config.memoryTargetPercent()));
    }

    public int max() {
        return Math.max(Math.max(Math.max(utilization, buffer), Math.max(hotTask, cpu)), memory);
    }

    /** Saturates at Integer.MAX_VALUE (a double-to-int cast never wraps); later steps clamp to maxTasks. */
    static int ceil(double value) {
        return (int) Math.ceil(value - EPSILON);
    }

    private static int proportional(int running, Double percent, double target) {
        return percent == null ? 0 : ceil(running * percent / target);
    }
}
