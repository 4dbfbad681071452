package dev.sessionscaler.sim.run;

/**
 * The session-safe setup AWS recommends today, as a baseline: the same target tracking as {@link TargetTrackingRun},
 * while every task protects itself with ECS task scale-in protection whenever it holds a session (for
 * {@link #PROTECTION_MINUTES}, renewed while busy) and releases it as soon as it is idle, so ECS stops only idle tasks.
 * The race it has is modelled, not avoided: ECS may pick a task in the second it became idle, and a session the load
 * balancer still sends it during the deregistration lag is then on a stopping task, cut if it outlasts the drain.
 * Simulated: the tasks' protection calls are applied at the end of each second, with no API latency or failure.
 */
public final class TargetTrackingProtectedRun implements SimulationPolicy {
    public static final String NAME = "target-tracking-protected";
    /** What a task asks for when it takes a session; it renews when less than {@link #RENEW_BELOW_MINUTES} is left. */
    static final int PROTECTION_MINUTES = 60;
    static final int RENEW_BELOW_MINUTES = 55;

    private final TargetTrackingRun targetTracking = new TargetTrackingRun();
    private ScenarioWorld world;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void attach(ScenarioWorld world) {
        this.world = world;
        targetTracking.attach(world);
    }

    @Override
    public void afterSecond(int second) {
        world.service().protectBusyTasks(PROTECTION_MINUTES, RENEW_BELOW_MINUTES);
        targetTracking.afterSecond(second);
    }

    @Override
    public ControlPlaneUsage usage() {
        return targetTracking.usage();
    }
}
