package dev.sessionscaler.core.model;

/** Why a decision is what it is. Every decision and every pipeline step carries one. */
public enum ReasonCode {
    SCALE_OUT_SESSIONS("session utilisation is above the target"),
    SCALE_OUT_BUFFER("free session slots are below the buffer"),
    SCALE_OUT_HOT_TASK("a task is above the hot-task CPU threshold"),
    SCALE_OUT_CPU("average CPU is above the target"),
    SCALE_OUT_MEMORY("average memory is above the target"),
    BELOW_MIN("the desired count is below minTasks"),
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
    BLOCKED_BY_SESSIONS("no task is idle, healthy, unprotected and of known session state");

    private final String description;

    ReasonCode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
