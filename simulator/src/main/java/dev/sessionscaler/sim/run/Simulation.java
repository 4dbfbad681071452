package dev.sessionscaler.sim.run;

import dev.sessionscaler.sim.scenario.Oracle;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.SessionTrace;
import dev.sessionscaler.sim.workflow.WorkflowBridge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario's trace through each policy in turn (each in a fresh world, with fresh local AWS parts) and
 * adds the two bounds computed from the trace: the packing bound and the oracle. The same seed gives the same trace, so the same summary, whatever the machine.
 */
public final class Simulation {
    /** Virtual time starts here for generated traffic; a fixed instant keeps every timestamp in a run reproducible. */
    public static final Instant START = Scenario.DEFAULT_START;
    public static final String ORACLE = "oracle";

    /** Hears how far the run is: the policy running, and the virtual seconds it has done out of all. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(String policy, int secondsDone, int secondsTotal);
    }

    private Simulation() {
    }

    public static SimulationResult run(Scenario scenario, WorkflowBridge bridge, ProgressListener progress) {
        return run(scenario, bridge, progress, Fidelity.FULL);
    }

    public static SimulationResult run(Scenario scenario, WorkflowBridge bridge, ProgressListener progress, Fidelity fidelity) {
        List<SessionTrace.Session> trace = SessionTrace.generate(scenario);
        int[] oracleTasks = Oracle.tasksPerMinute(scenario, trace);
        int total = scenario.durationMinutes() * 60;
        List<PolicyResult> results = new ArrayList<>();
        List<SimulationPolicy> policies = List.of(new SessionAwareRun(bridge, fidelity), new TargetTrackingRun(), new TargetTrackingProtectedRun());
        for (SimulationPolicy each : policies) {
            try (SimulationPolicy policy = each) {
                ScenarioWorld world = new ScenarioWorld(scenario, trace, scenario.startsAt());
                results.add(world.run(policy, done -> progress.progress(policy.name(), done, total)));
                if (policy instanceof SessionAwareRun run && run.deadLettered() > 0) {
                    throw new IllegalStateException(run.deadLettered() + " simulated session events ended in the dead-letter queue");
                }
            }
        }
        results.add(PackingBoundResult.of(scenario, trace));
        results.add(OracleResult.of(scenario, trace, oracleTasks));
        return new SimulationResult(scenario, Oracle.taskMinutes(oracleTasks), results, fidelity);
    }
}
