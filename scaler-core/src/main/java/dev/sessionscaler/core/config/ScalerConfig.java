package dev.sessionscaler.core.config;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How one ECS service is scaled. JSON field names are the component names. Only {@code minTasks},
 * {@code maxTasks} and {@code sessionsPerTask} are required; {@link #fromJson} fills the rest from
 * {@link Builder} defaults. The constructor validates, so an instance is always consistent.
 *
 * @param minTasks                    lowest desired count the scaler ever sets
 * @param maxTasks                    highest desired count the scaler ever sets
 * @param sessionsPerTask             sessions one task can hold (its capacity)
 * @param targetSessionUtilization    scale out above this share of session slots in use (0–1]
 * @param scaleInSessionUtilization   scale in only below this share (hysteresis, lower than the target)
 * @param bufferIdleSlots             free session slots always kept ready (default: one task's worth)
 * @param cpuTargetPercent            scale out when average CPU is above this
 * @param cpuScaleInPercent           scale in only when average CPU is below this
 * @param memoryTargetPercent         scale out when average memory is above this
 * @param hotTaskCpuPercent           scale out when any single task's CPU is above this
 * @param scaleInStabilizationSeconds how long the low condition must hold before a scale-in
 * @param scaleOutCooldownSeconds     no scale-in this soon after a scale-out
 * @param maxScaleOutStep             most tasks added by one decision
 * @param maxScaleInPerRun            most tasks removed by one decision
 * @param heartbeatStalenessSeconds   a task without a heartbeat for this long has unknown (busy) sessions
 * @param dryRun                      decide and record, but start nothing
 * @param scaleInMode                 cordon surplus busy tasks, or stop only idle ones
 * @param maxCordonedTasks            most tasks cordoned at the same time
 * @param maxDrainSeconds             how long a cordoned task keeps its sessions on a load balancer that does not
 *                                    close them when the deregistration delay expires (an NLB without connection
 *                                    termination); then it is readmitted
 * @param schedules                   scheduled floors: while a window is on, the effective minimum is the larger of
 *                                    {@code minTasks} and the window's ({@link #at(Instant)})
 * @param predictiveFloor             raise the minimum to what the same half hour of the week needed over the last
 *                                    weeks ({@link dev.sessionscaler.core.policy.LearnedFloor}); off by default
 */
public record ScalerConfig(
        int minTasks,
        int maxTasks,
        int sessionsPerTask,
        double targetSessionUtilization,
        double scaleInSessionUtilization,
        int bufferIdleSlots,
        double cpuTargetPercent,
        double cpuScaleInPercent,
        double memoryTargetPercent,
        double hotTaskCpuPercent,
        int scaleInStabilizationSeconds,
        int scaleOutCooldownSeconds,
        int maxScaleOutStep,
        int maxScaleInPerRun,
        int heartbeatStalenessSeconds,
        boolean dryRun,
        ScaleInMode scaleInMode,
        int maxCordonedTasks,
        int maxDrainSeconds,
        List<ScheduleWindow> schedules,
        boolean predictiveFloor) {

    /** ECS allows at most 5,000 tasks per service. */
    public static final int ECS_MAX_TASKS_PER_SERVICE = 5000;
    /** Tasks one workflow execution stops at most: bounded so its state never nears Step Functions' 256 KiB limit. */
    public static final int MAX_TASKS_STOPPED_AT_ONCE = 100;

    static final Set<String> FIELDS = Set.of("minTasks", "maxTasks", "sessionsPerTask", "targetSessionUtilization",
            "scaleInSessionUtilization", "bufferIdleSlots", "cpuTargetPercent", "cpuScaleInPercent",
            "memoryTargetPercent", "hotTaskCpuPercent", "scaleInStabilizationSeconds", "scaleOutCooldownSeconds",
            "maxScaleOutStep", "maxScaleInPerRun", "heartbeatStalenessSeconds", "dryRun", "scaleInMode", "maxCordonedTasks",
            "maxDrainSeconds", "schedules", "predictiveFloor");

    public ScalerConfig {
        ConfigRules.check(minTasks, maxTasks, sessionsPerTask, targetSessionUtilization, scaleInSessionUtilization,
                bufferIdleSlots, cpuTargetPercent, cpuScaleInPercent, memoryTargetPercent, hotTaskCpuPercent,
                scaleInStabilizationSeconds, scaleOutCooldownSeconds, maxScaleOutStep, maxScaleInPerRun,
                heartbeatStalenessSeconds);
        ConfigRules.checkCordon(scaleInMode, maxCordonedTasks, maxTasks, maxDrainSeconds);
        schedules = List.copyOf(schedules);
        for (int i = 0; i < schedules.size(); i++) {
            if (schedules.get(i).minTasks() > maxTasks) {
                throw new InvalidInputException("schedules[" + i + "].minTasks", "must not exceed maxTasks (" + schedules.get(i).minTasks()
                        + " > " + maxTasks + "): a floor the service may never reach");
            }
        }
    }

    /** The window on at {@code now} with the highest floor above {@code minTasks}; empty when none raises it. */
    public Optional<ScheduleWindow> raisingWindow(Instant now) {
        return schedules.stream().filter(w -> w.minTasks() > minTasks && w.isActive(now))
                .max(Comparator.comparingInt(ScheduleWindow::minTasks));
    }

    /** This config as it applies at {@code now}: {@code minTasks} raised to the floor of the window on then. */
    public ScalerConfig at(Instant now) {
        return raisingWindow(now).map(w -> withMinimum(w.minTasks())).orElse(this);
    }

    /** This config with {@code minTasks} raised to {@code floor} (never lowered). */
    public ScalerConfig withMinimum(int floor) {
        return floor <= minTasks ? this : toBuilder().minTasks(floor).build();
    }

    public static Builder builder(int minTasks, int maxTasks, int sessionsPerTask) {
        return new Builder(minTasks, maxTasks, sessionsPerTask);
    }

    /** Reads a config object strictly: unknown fields and wrong types are errors naming the field. */
    public static ScalerConfig fromJson(JsonInput json) {
        json.rejectUnknownFields(FIELDS);
        int min = json.integer("minTasks");
        int max = json.integer("maxTasks");
        int slots = json.integer("sessionsPerTask");
        Builder d = builder(min, max, slots);
        Builder b = builder(min, max, slots)
                .targetSessionUtilization(json.number("targetSessionUtilization", d.targetSessionUtilization))
                .scaleInSessionUtilization(json.number("scaleInSessionUtilization", d.scaleInSessionUtilization))
                .bufferIdleSlots(json.integer("bufferIdleSlots", d.bufferIdleSlots))
                .cpuTargetPercent(json.number("cpuTargetPercent", d.cpuTargetPercent))
                .cpuScaleInPercent(json.number("cpuScaleInPercent", d.cpuScaleInPercent))
                .memoryTargetPercent(json.number("memoryTargetPercent", d.memoryTargetPercent))
                .hotTaskCpuPercent(json.number("hotTaskCpuPercent", d.hotTaskCpuPercent))
                .scaleInStabilizationSeconds(json.integer("scaleInStabilizationSeconds", d.scaleInStabilizationSeconds))
                .scaleOutCooldownSeconds(json.integer("scaleOutCooldownSeconds", d.scaleOutCooldownSeconds))
                .maxScaleOutStep(json.integer("maxScaleOutStep", d.maxScaleOutStep))
                .maxScaleInPerRun(json.integer("maxScaleInPerRun", d.maxScaleInPerRun))
                .heartbeatStalenessSeconds(json.integer("heartbeatStalenessSeconds", d.heartbeatStalenessSeconds))
                .dryRun(json.bool("dryRun", d.dryRun))
                .maxCordonedTasks(json.integer("maxCordonedTasks", d.maxCordonedTasks))
                .maxDrainSeconds(json.integer("maxDrainSeconds", d.maxDrainSeconds))
                .predictiveFloor(json.bool("predictiveFloor", d.predictiveFloor));
        if (json.has("scaleInMode")) {
            b.scaleInMode(ConfigRules.scaleInMode(json.string("scaleInMode"), json.at("scaleInMode")));
        }
        if (json.has("schedules")) {
            b.schedules(json.objects("schedules").stream().map(ScheduleWindow::fromJson).toList());
        }
        return b.build(json.path());
    }

    public Builder toBuilder() {
        return builder(minTasks, maxTasks, sessionsPerTask)
                .targetSessionUtilization(targetSessionUtilization)
                .scaleInSessionUtilization(scaleInSessionUtilization)
                .bufferIdleSlots(bufferIdleSlots)
                .cpuTargetPercent(cpuTargetPercent)
                .cpuScaleInPercent(cpuScaleInPercent)
                .memoryTargetPercent(memoryTargetPercent)
                .hotTaskCpuPercent(hotTaskCpuPercent)
                .scaleInStabilizationSeconds(scaleInStabilizationSeconds)
                .scaleOutCooldownSeconds(scaleOutCooldownSeconds)
                .maxScaleOutStep(maxScaleOutStep)
                .maxScaleInPerRun(maxScaleInPerRun)
                .heartbeatStalenessSeconds(heartbeatStalenessSeconds)
                .dryRun(dryRun)
                .scaleInMode(scaleInMode)
                .maxCordonedTasks(maxCordonedTasks)
                .maxDrainSeconds(maxDrainSeconds)
                .schedules(schedules)
                .predictiveFloor(predictiveFloor);
    }

    /** Defaults chosen for interactive-session services; see the README's configuration reference. */
    public static final class Builder {
        private int minTasks;
        private final int maxTasks;
        private final int sessionsPerTask;
        private double targetSessionUtilization = 0.75;
        private double scaleInSessionUtilization = 0.5;
        private int bufferIdleSlots;
        private double cpuTargetPercent = 70;
        private double cpuScaleInPercent = 40;
        private double memoryTargetPercent = 80;
        private double hotTaskCpuPercent = 90;
        private int scaleInStabilizationSeconds = 600;
        private int scaleOutCooldownSeconds = 180;
        private int maxScaleOutStep = 5;
        private int maxScaleInPerRun = 1;
        private int heartbeatStalenessSeconds = 180;
        private boolean dryRun;
        private ScaleInMode scaleInMode = ScaleInMode.CORDON;
        private int maxCordonedTasks;
        private int maxDrainSeconds = 7200;
        private List<ScheduleWindow> schedules = List.of();
        private boolean predictiveFloor;

        private Builder(int minTasks, int maxTasks, int sessionsPerTask) {
            this.minTasks = minTasks;
            this.maxTasks = maxTasks;
            this.sessionsPerTask = sessionsPerTask;
            this.bufferIdleSlots = Math.max(0, sessionsPerTask);
            this.maxScaleOutStep = Math.max(1, Math.min(maxScaleOutStep, maxTasks));  // a small service's step is its size
            this.maxCordonedTasks = Math.max(0, maxTasks);
        }

        public Builder targetSessionUtilization(double v) { targetSessionUtilization = v; return this; }
        public Builder scaleInSessionUtilization(double v) { scaleInSessionUtilization = v; return this; }
        public Builder bufferIdleSlots(int v) { bufferIdleSlots = v; return this; }
        public Builder cpuTargetPercent(double v) { cpuTargetPercent = v; return this; }
        public Builder cpuScaleInPercent(double v) { cpuScaleInPercent = v; return this; }
        public Builder memoryTargetPercent(double v) { memoryTargetPercent = v; return this; }
        public Builder hotTaskCpuPercent(double v) { hotTaskCpuPercent = v; return this; }
        public Builder scaleInStabilizationSeconds(int v) { scaleInStabilizationSeconds = v; return this; }
        public Builder scaleOutCooldownSeconds(int v) { scaleOutCooldownSeconds = v; return this; }
        public Builder maxScaleOutStep(int v) { maxScaleOutStep = v; return this; }
        public Builder maxScaleInPerRun(int v) { maxScaleInPerRun = v; return this; }
        public Builder heartbeatStalenessSeconds(int v) { heartbeatStalenessSeconds = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder scaleInMode(ScaleInMode v) { scaleInMode = v; return this; }
        public Builder maxCordonedTasks(int v) { maxCordonedTasks = v; return this; }
        public Builder maxDrainSeconds(int v) { maxDrainSeconds = v; return this; }
        public Builder schedules(List<ScheduleWindow> v) { schedules = v; return this; }
        public Builder predictiveFloor(boolean v) { predictiveFloor = v; return this; }
        /** The floor as a schedule raised it ({@link ScalerConfig#at}). */
        Builder minTasks(int v) { minTasks = v; return this; }

        public ScalerConfig build() {
            return build("");
        }

        /** Builds, reporting problems under {@code path} (e.g. {@code config}). */
        public ScalerConfig build(String path) {
            try {
                return new ScalerConfig(minTasks, maxTasks, sessionsPerTask, targetSessionUtilization,
                        scaleInSessionUtilization, bufferIdleSlots, cpuTargetPercent, cpuScaleInPercent,
                        memoryTargetPercent, hotTaskCpuPercent, scaleInStabilizationSeconds, scaleOutCooldownSeconds,
                        maxScaleOutStep, maxScaleInPerRun, heartbeatStalenessSeconds, dryRun, scaleInMode, maxCordonedTasks,
                        maxDrainSeconds, schedules, predictiveFloor);
            } catch (InvalidInputException e) {
                if (path.isEmpty()) {
                    throw e;
                }
                throw new InvalidInputException(path + "." + e.path(), e.problem());
            }
        }
    }
}
