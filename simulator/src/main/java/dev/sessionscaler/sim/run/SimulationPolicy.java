package dev.sessionscaler.sim.run;

import java.time.Instant;
import java.util.List;

/** A scaling policy driven by the simulated world: it hears about sessions and gets a turn every second. */
public interface SimulationPolicy extends AutoCloseable {
    String name();

    /** Called once before the first second, with the world the policy scales. */
    void attach(ScenarioWorld world);

    /** A task accepted a session (the application would report it). */
    default void sessionStarted(String taskArn, String sessionId, Instant at) {
    }

    /** A session ended by itself (the application would report it). */
    default void sessionEnded(String taskArn, String sessionId, Instant at) {
    }

    /** The world has reached {@code second}; the policy may act, and may advance the world itself. */
    void afterSecond(int second);

    ControlPlaneUsage usage();

    /** The policy's decisions, one JSON document each, in order; empty for a policy that keeps none. */
    default List<String> decisions() {
        return List.of();
    }

    @Override
    default void close() {
    }
}
