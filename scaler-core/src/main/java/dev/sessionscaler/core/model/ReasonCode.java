package dev.sessionscaler.core.model;

/** Why a decision is what it is. Every decision and every pipeline step carries one. */
public enum ReasonCode {
    SCALE_OUT_SESSIONS("session utilisation is above the target"),
    SCALE_OUT_BUFFER("free session slots are below the buffer"),
    SCALE_OUT_HOT_TASK("a task is above the hot-task CPU threshold"),
    SCALE_OUT_CPU("average CPU is above the target"),
    SCALE_OUT_MEMORY("average memory is above the target"),
    SCALE_OUT_SATURATED("every task in service is full: sessions are being refused, so the fleet doubles until demand shows"),
    BELOW_MIN("the desired count is below minTasks"),
    LEARNED_FLOOR("the same half hour of past weeks needed more tasks than the desired count: the service is made ready before it comes"),
    SCHEDULED_FLOOR("a scheduled window's minTasks is above the desired count: the service is made ready before the rush"),
    SCALE_IN_IDLE("capacity beyond the targets and the buffer has been idle for the stabilization window"),
    ABOVE_MAX("the desired count is above maxTasks"),
    WITHIN_TARGET("load is within the targets"),
    BLOCKED_BY_BUFFER("load is low, but removing a task would break the idle-slot buffer"),
    METRICS_MISSING("service CPU or memory has no datapoint, and scale-in needs both"),
    STABILIZING("load is low, but not yet for the whole stabilization window"),
    COOLDOWN("a scale-out happened within the cooldown"),
    BLOCKED_BY_DEPLOYMENT("an ECS deployment is in progress"),
    AT_MAX("the desired count is already at maxTasks"),
    AT_MIN("the desired count is already at minTasks"),
    BLOCKED_BY_SESSIONS("no task is idle, healthy, unprotected and of known session state"),
    CORDON_SURPLUS("capacity beyond the targets and the buffer is taken out of the load balancer until its sessions end"),
    CORDON_UNAVAILABLE("load is low, no task is idle, and the load balancer leaves a cordoned task too little time"),
    BLOCKED_BY_CORDONS("idle tasks are drained only once no task is cordoned, so a cordoned task's readmission never waits behind a drain"),
    DELAY_TOO_SHORT("load is low, but the target group's deregistration delay is too short to drain a task safely"),
    READMIT_FOR_CAPACITY("cordoned tasks go back into service before any new task is started"),
    READMIT_DEADLINE("a cordoned task still has sessions when its load balancer could close them"),
    RETIRE_DRAINED("a cordoned task's sessions have all ended: it is stopped");

    private final String description;

    ReasonCode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
