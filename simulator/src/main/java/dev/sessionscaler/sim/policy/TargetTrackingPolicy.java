package dev.sessionscaler.sim.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalInt;

/**
 * <b>Baseline, modelled from AWS's documentation:</b> ECS service auto scaling with a target tracking
 * policy on {@code ECSServiceAverageCPUUtilization}. Application Auto Scaling keeps two alarms: high, when 3
 * of 3 one-minute datapoints are above the target, and low, when 15 of 15 are below 90 % of it. While an
 * alarm fires, it sets the capacity to {@code ceil(current × metric / target)} within the bounds, at most
 * once per cooldown (300 s each by default): a scale-out cooldown also holds scale-in, and a scale-out during
 * it must be larger than the last. ECS then chooses which tasks to stop, by AZ balance, knowing nothing of
 * sessions. A minute without a datapoint breaks a run of datapoints.
 */
public final class TargetTrackingPolicy {
    static final int HIGH_DATAPOINTS = 3;
    static final int LOW_DATAPOINTS = 15;
    static final double LOW_FACTOR = 0.9;

    public record Config(double targetCpuPercent, int minTasks, int maxTasks, int scaleOutCooldownSeconds, int scaleInCooldownSeconds) {
        public static Config awsDefaults(double targetCpuPercent, int minTasks, int maxTasks) {
            return new Config(targetCpuPercent, minTasks, maxTasks, 300, 300);
        }
    }

    private final Config config;
    private final Deque<Double> datapoints = new ArrayDeque<>();
    private long lastScaleOutSecond = Long.MIN_VALUE / 2;
    private long lastScaleInSecond = Long.MIN_VALUE / 2;
    private int lastScaleOutTo;

    public TargetTrackingPolicy(Config config) {
        this.config = config;
    }

    /**
     * One evaluation, each minute, with that minute's datapoint (null if none was published).
     *
     * @return the desired count to set, or empty to leave it
     */
    public OptionalInt evaluate(long nowSecond, Double averageCpuPercent, int desiredCount) {
        if (averageCpuPercent == null) {
            datapoints.clear();
            return OptionalInt.empty();
        }
        datapoints.addLast(averageCpuPercent);
        while (datapoints.size() > LOW_DATAPOINTS) {
            datapoints.removeFirst();
        }
        int proposed = Math.min(config.maxTasks(), Math.max(config.minTasks(),
                (int) Math.ceil(desiredCount * averageCpuPercent / config.targetCpuPercent() - 1e-9)));
        boolean inScaleOutCooldown = nowSecond < lastScaleOutSecond + config.scaleOutCooldownSeconds();
        if (lastAll(HIGH_DATAPOINTS, v -> v > config.targetCpuPercent()) && proposed > desiredCount
                && (!inScaleOutCooldown || proposed > lastScaleOutTo)) {
            lastScaleOutSecond = nowSecond;
            lastScaleOutTo = proposed;
            return OptionalInt.of(proposed);
        }
        boolean inScaleInCooldown = nowSecond < lastScaleInSecond + config.scaleInCooldownSeconds();
        if (lastAll(LOW_DATAPOINTS, v -> v < config.targetCpuPercent() * LOW_FACTOR) && proposed < desiredCount
                && !inScaleOutCooldown && !inScaleInCooldown) {
            lastScaleInSecond = nowSecond;
            return OptionalInt.of(proposed);
        }
        return OptionalInt.empty();
    }

    private boolean lastAll(int count, java.util.function.DoublePredicate test) {
        if (datapoints.size() < count) {
            return false;
        }
        return datapoints.stream().skip(datapoints.size() - count).allMatch(test::test);
    }
}
