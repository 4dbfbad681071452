package dev.sessionscaler.sim.run;

import dev.sessionscaler.sim.policy.TargetTrackingPolicy;
import java.util.OptionalInt;

/**
 * The baseline: ECS service auto scaling with target tracking on average CPU ({@link TargetTrackingPolicy}),
 * evaluated each minute with the newest published CloudWatch datapoint. Its CPU target is what a task uses at
 * the scaler's {@code targetSessionUtilization}, so both policies aim at the same load per task. It sets the desired count and ECS picks which
 * tasks to stop. It has no Lambda, queue or table; its cost is its two CloudWatch alarms.
 */
public final class TargetTrackingRun implements SimulationPolicy {
    public static final String NAME = "target-tracking";

    private ScenarioWorld world;
    private TargetTrackingPolicy policy;
    private long minutes;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void attach(ScenarioWorld world) {
        this.world = world;
        var service = world.scenario().service();
        double sessionsAtTarget = world.scenario().scaler().targetSessionUtilization() * service.sessionsPerTask();
        policy = new TargetTrackingPolicy(TargetTrackingPolicy.Config.awsDefaults(
                world.cloudWatch().taskCpuPercent(sessionsAtTarget), service.minTasks(), service.maxTasks()));
    }

    @Override
    public void afterSecond(int second) {
        if (second % 60 != 0) {
            return;
        }
        minutes++;
        int minute = world.cloudWatch().latestPublishedMinute(world.now());
        OptionalInt desired = policy.evaluate(second, world.cloudWatch().averageCpu(minute), world.service().desiredCount());
        desired.ifPresent(count -> world.service().setDesiredCount(ScenarioWorld.SERVICE, count));
    }

    @Override
    public ControlPlaneUsage usage() {
        return new ControlPlaneUsage(0, 0, 0, 0, 0, 0, 2 * minutes, 0, 0, 0, 0, 0, 0, 0);
    }
}
