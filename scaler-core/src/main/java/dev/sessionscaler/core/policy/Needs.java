package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;

/**
 * Tasks each signal needs, HPA style: the smallest task count that brings the signal back to its
 * target. CPU and memory needs scale the <em>running</em> count, so tasks already starting are not
 * asked for twice and no scale-out cooldown is needed. 0 means the signal asks for nothing.
 *
 * @param utilization tasks to keep session utilisation at or under the target (cordoned tasks, plus the in-service
 *                    tasks their load needs)
 * @param buffer      tasks to keep {@code bufferIdleSlots} free slots in service (cordoned tasks offer none), at least one:
 *                    a fleet with no free slot refuses sessions and reads as saturated
 * @param hotTask     running tasks + 1 while any running task is hot
 * @param cpu         tasks to bring average CPU to the target (0 when unknown)
 * @param memory      tasks to bring average memory to the target (0 when unknown)
 * @param saturation  twice the in-service tasks (plus the cordoned ones) while every in-service task is full and none
 *                    is starting: the sessions refused are not reported, so the other signals undercount demand, and
 *                    doubling finds it in a few steps (the step limit and maxTasks still apply)
 */
public record Needs(int utilization, int buffer, int hotTask, int cpu, int memory, int saturation) {
    /** Guards ceil() against binary fractions such as 0.7 * 10 = 7.000000000000001. */
    private static final double EPSILON = 1e-9;

    /** @param sessionLoad the in-service load; cordoned tasks are added as one task each */
    public static Needs of(FleetObservation fleet, ScalerConfig config, long sessionLoad) {
        int slots = config.sessionsPerTask();
        int cordoned = fleet.cordonedTasks();
        return new Needs(
                cordoned + ceil(sessionLoad / (slots * config.targetSessionUtilization())),
                cordoned + ceil((double) (sessionLoad + bufferSlots(config)) / slots),
                fleet.hotTasks() > 0 ? fleet.runningTasks() + 1 : 0,
                proportional(fleet.runningTasks(), fleet.serviceCpuPercent(), config.cpuTargetPercent()),
                proportional(fleet.runningTasks(), fleet.serviceMemoryPercent(), config.memoryTargetPercent()),
                fleet.saturated() ? cordoned + 2 * fleet.inServiceTasks() : 0);
    }

    /** The free in-service slots every decision keeps: {@code bufferIdleSlots}, and never none (see {@code saturation}). */
    public static int bufferSlots(ScalerConfig config) {
        return Math.max(1, config.bufferIdleSlots());
    }

    public int max() {
        return Math.max(Math.max(Math.max(utilization, buffer), Math.max(hotTask, cpu)), Math.max(memory, saturation));
    }

    /** Saturates at Integer.MAX_VALUE (a double-to-int cast never wraps); later steps clamp to maxTasks. */
    static int ceil(double value) {
        return (int) Math.ceil(value - EPSILON);
    }

    private static int proportional(int running, Double percent, double target) {
        return percent == null ? 0 : ceil(running * percent / target);
    }
}
