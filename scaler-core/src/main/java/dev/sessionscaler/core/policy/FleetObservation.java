package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.TaskState;
import java.time.Instant;

/**
 * Step 0 of the pipeline, observe: the fleet reduced to the numbers the rules use.
 *
 * <p>Session knowledge is judged per task. A task whose last heartbeat is older than
 * {@code heartbeatStalenessSeconds} (or that never sent one and is no longer starting up) is
 * <em>stale</em>: its sessions are unknown, so it is treated as busy. Its free slots do not count
 * toward a scale-in, but its last known sessions are used for scale-out, so a telemetry outage
 * alone never scales the service to its maximum. A draining task offers no free slots at all. A cordoned task
 * (section 5b) is capacity only for the sessions it holds: its sessions and slots are left out of the in-service
 * load and capacity, and it counts as one task of its own in every session-based need.
 *
 * @param desiredCount          the service's desired count
 * @param liveTasks             tasks not stopping or stopped
 * @param runningTasks          live tasks in RUNNING
 * @param startingTasks         live tasks still provisioning/pending/activating
 * @param drainingTasks         live tasks Session Scaler is draining
 * @param cordonedTasks         live tasks Session Scaler has cordoned
 * @param cordonedSessions      active sessions reported by cordoned tasks
 * @param inServiceTasks        running tasks the load balancer sends sessions to (neither cordoned nor draining)
 * @param saturated             every in-service task is full and none is starting: the load balancer is refusing
 *                              sessions, so demand is above what the reported sessions show by an unknown amount
 * @param staleTasks            live tasks whose sessions are unknown (stale heartbeat)
 * @param hotTasks              running tasks above {@code hotTaskCpuPercent} (at least 1 if the service's
 *                              busiest task is, by the Maximum statistic)
 * @param overCapacityTasks     live tasks reporting more sessions than {@code sessionsPerTask}: impossible evidence,
 *                              reported (the configured capacity is probably wrong) and counted as they are
 * @param reportedSessions      active sessions reported by live tasks
 * @param scaleOutLoad          in-service slots counted as taken for scale-out: sessions on tasks not cordoned plus
 *                              draining tasks' free slots
 * @param scaleInLoad           in-service slots counted as taken for scale-in: scale-out load plus stale tasks' free slots
 * @param capacitySlots         in-service capacity: (desired count − cordoned tasks) × sessions per task
 * @param sessionUtilization    scale-out load / capacity (with no capacity: 0 if idle, else 1)
 * @param scaleInUtilization    scale-in load / capacity
 * @param serviceCpuPercent     service average CPU, null when unknown
 * @param serviceMemoryPercent  service average memory, null when unknown
 * @param deploymentInProgress  an ECS deployment is rolling
 */
public record FleetObservation(
        int desiredCount,
        int liveTasks,
        int runningTasks,
        int startingTasks,
        int drainingTasks,
        int cordonedTasks,
        long cordonedSessions,
        int inServiceTasks,
        boolean saturated,
        int staleTasks,
        int hotTasks,
        int overCapacityTasks,
        long reportedSessions,
        long scaleOutLoad,
        long scaleInLoad,
        long capacitySlots,
        double sessionUtilization,
        double scaleInUtilization,
        Double serviceCpuPercent,
        Double serviceMemoryPercent,
        boolean deploymentInProgress) {

    public static FleetObservation of(FleetSnapshot fleet, ScalerConfig config, Instant now) {
        int slots = config.sessionsPerTask();
        int live = 0, running = 0, starting = 0, draining = 0, cordoned = 0, stale = 0, hot = 0, inService = 0, full = 0;
        long cordonedSessions = 0;
        // sessions and slots are summed in long: 5,000 tasks of impossible session counts must not wrap around
        long reported = 0, drainingFree = 0, staleFree = 0, overCapacity = 0;
        for (TaskState task : fleet.tasks()) {
            if (task.lifecycle().isLeaving()) {
                continue;
            }
            live++;
            reported += task.activeSessions();
            int free = Math.max(0, slots - task.activeSessions());
            if (task.activeSessions() > slots) {
                overCapacity++;
            }
            if (task.lifecycle().isStarting()) {
                starting++;
            } else {
                running++;
                if (task.cpuPercent() != null && task.cpuPercent() > config.hotTaskCpuPercent()) {
                    hot++;
                }
            }
            if (task.cordoned()) {
                cordoned++;
                cordonedSessions += task.activeSessions();
            } else if (task.draining()) {
                draining++;
                drainingFree += free;
            } else {
                if (!task.lifecycle().isStarting()) {
                    inService++;
                    full += free == 0 ? 1 : 0;
                }
                if (!SessionKnowledge.isKnown(task, config, now) && !SessionKnowledge.isStartingUp(task, config, now)) {
                    stale++;
                    staleFree += free;
                }
            }
        }
        if (hot == 0 && fleet.serviceMaxCpuPercent() != null && fleet.serviceMaxCpuPercent() > config.hotTaskCpuPercent()) {
            hot = 1;  // the busiest task is hot, though which one is not known
        }
        int desired = fleet.service().desiredCount();
        long capacity = (long) Math.max(0, desired - cordoned) * slots;
        long outLoad = reported - cordonedSessions + drainingFree;
        long inLoad = outLoad + staleFree;
        boolean saturated = starting == 0 && inService > 0 && full == inService;
        return new FleetObservation(desired, live, running, starting, draining, cordoned, cordonedSessions, inService, saturated,
                stale, hot,
                (int) overCapacity, reported,
                outLoad, inLoad, capacity, ratio(outLoad, capacity), ratio(inLoad, capacity), fleet.serviceCpuPercent(),
                fleet.serviceMemoryPercent(), fleet.service().deploymentInProgress());
    }

    /** Load on zero capacity counts as full (1.0): not low, and finite so audit records stay valid JSON. */
    private static double ratio(long load, long capacity) {
        if (capacity == 0) {
            return load == 0 ? 0.0 : 1.0;
        }
        return (double) load / capacity;
    }
}
