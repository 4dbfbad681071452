package dev.sessionscaler.core.config;

/**
 * The validation rules of {@link ScalerConfig}; every message names the offending field. Every number
 * is bounded by what ECS and the session event contract allow, so no arithmetic on a valid
 * configuration can overflow, and a value that cannot work says why.
 */
final class ConfigRules {
    /** A heartbeat lists at most this many session ids (the session event contract), so a task cannot report more. */
    static final int MAX_SESSIONS_PER_TASK = 1000;
    /** A day: longer windows are never what an interactive service wants, and events older than that are refused. */
    static final int MAX_WINDOW_SECONDS = 86_400;
    private static final int MAX_TASKS_STOPPED_AT_ONCE = ScalerConfig.MAX_TASKS_STOPPED_AT_ONCE;

    private ConfigRules() {
    }

    static void check(int minTasks, int maxTasks, int sessionsPerTask, double targetUtil, double scaleInUtil,
                      int bufferIdleSlots, double cpuTarget, double cpuScaleIn, double memoryTarget, double hotTaskCpu,
                      int stabilizationSeconds, int cooldownSeconds, int maxScaleOutStep, int maxScaleInPerRun,
                      int stalenessSeconds) {
        atLeast("minTasks", minTasks, 0);
        atLeast("maxTasks", maxTasks, 1);
        atMost("maxTasks", maxTasks, ScalerConfig.ECS_MAX_TASKS_PER_SERVICE);
        if (minTasks > maxTasks) {
            fail("minTasks", "must not exceed maxTasks (" + minTasks + " > " + maxTasks + ")");
        }
        atLeast("sessionsPerTask", sessionsPerTask, 1);
        if (sessionsPerTask > MAX_SESSIONS_PER_TASK) {
            fail("sessionsPerTask", "must be at most " + MAX_SESSIONS_PER_TASK + ", got " + sessionsPerTask
                    + ": a task heartbeat lists at most " + MAX_SESSIONS_PER_TASK + " session ids, so a task holding more"
                    + " could never report them and would never be scaled in");
        }
        if (!(targetUtil > 0 && targetUtil <= 1)) {
            fail("targetSessionUtilization", "must be a fraction in (0, 1], got " + targetUtil);
        }
        if (!(scaleInUtil >= 0 && scaleInUtil < targetUtil)) {
            fail("scaleInSessionUtilization", "must be in [0, targetSessionUtilization) so scale-in has hysteresis, got "
                    + scaleInUtil + " with target " + targetUtil);
        }
        atLeast("bufferIdleSlots", bufferIdleSlots, 0);
        if ((long) bufferIdleSlots > (long) maxTasks * sessionsPerTask) {
            fail("bufferIdleSlots", "must be at most maxTasks × sessionsPerTask (" + (long) maxTasks * sessionsPerTask
                    + "), got " + bufferIdleSlots + ": no fleet within maxTasks could keep that many slots free");
        }
        percent("cpuTargetPercent", cpuTarget);
        if (!(cpuScaleIn >= 0 && cpuScaleIn < cpuTarget)) {
            fail("cpuScaleInPercent", "must be in [0, cpuTargetPercent), got " + cpuScaleIn + " with target " + cpuTarget);
        }
        percent("memoryTargetPercent", memoryTarget);
        percent("hotTaskCpuPercent", hotTaskCpu);
        if (hotTaskCpu < cpuTarget) {
            fail("hotTaskCpuPercent", "must be at least cpuTargetPercent (" + hotTaskCpu + " < " + cpuTarget + ")");
        }
        atLeast("scaleInStabilizationSeconds", stabilizationSeconds, 0);
        atMost("scaleInStabilizationSeconds", stabilizationSeconds, MAX_WINDOW_SECONDS);
        atLeast("scaleOutCooldownSeconds", cooldownSeconds, 0);
        atMost("scaleOutCooldownSeconds", cooldownSeconds, MAX_WINDOW_SECONDS);
        atLeast("maxScaleOutStep", maxScaleOutStep, 1);
        if (maxScaleOutStep > maxTasks) {
            fail("maxScaleOutStep", "must be at most maxTasks (" + maxTasks + "), got " + maxScaleOutStep);
        }
        atLeast("maxScaleInPerRun", maxScaleInPerRun, 1);
        if (maxScaleInPerRun > Math.min(maxTasks, MAX_TASKS_STOPPED_AT_ONCE)) {
            fail("maxScaleInPerRun", "must be at most " + Math.min(maxTasks, MAX_TASKS_STOPPED_AT_ONCE) + ", got "
                    + maxScaleInPerRun + (maxTasks <= MAX_TASKS_STOPPED_AT_ONCE ? " (maxTasks)"
                    : " (one workflow drains at most " + MAX_TASKS_STOPPED_AT_ONCE + " tasks, so that its state stays far"
                    + " below Step Functions' 256 KiB limit)"));
        }
        if (stalenessSeconds < 60) {
            fail("heartbeatStalenessSeconds", "must be at least 60: tasks send a heartbeat about every 60 s, got "
                    + stalenessSeconds);
        }
        atMost("heartbeatStalenessSeconds", stalenessSeconds, MAX_WINDOW_SECONDS);
    }

    static void checkCordon(ScaleInMode mode, int maxCordonedTasks, int maxTasks, int maxDrainSeconds) {
        if (mode == null) {
            fail("scaleInMode", "must be CORDON or IDLE_ONLY");
        }
        atLeast("maxCordonedTasks", maxCordonedTasks, 0);
        atMost("maxCordonedTasks", maxCordonedTasks, maxTasks);
        atLeast("maxDrainSeconds", maxDrainSeconds, 60);
        atMost("maxDrainSeconds", maxDrainSeconds, MAX_WINDOW_SECONDS);
    }

    static ScaleInMode scaleInMode(String text, String path) {
        try {
            return ScaleInMode.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(path, "must be CORDON or IDLE_ONLY, got \"" + text + "\"");
        }
    }

    private static void percent(String field, double value) {
        if (!(value > 0 && value <= 100)) {
            fail(field, "must be a percentage in (0, 100], got " + value);
        }
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            fail(field, "must be at least " + min + ", got " + value);
        }
    }

    private static void atMost(String field, int value, int max) {
        if (value > max) {
            fail(field, "must be at most " + max + ", got " + value);
        }
    }

    private static void fail(String field, String problem) {
        throw new InvalidInputException(field, problem);
    }
}
