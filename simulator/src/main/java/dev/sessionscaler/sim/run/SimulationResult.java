package dev.sessionscaler.sim.run;

import dev.sessionscaler.sim.scenario.Scenario;
import java.util.List;

/**
 * Every policy's result on one scenario, with the oracle's task-minutes that efficiency is measured against, and how the
 * session-aware policy's session path ran.
 */
public record SimulationResult(Scenario scenario, long oracleTaskMinutes, List<PolicyResult> policies, Fidelity fidelity) {
    public SimulationResult {
        policies = List.copyOf(policies);
    }

    /** Oracle task-minutes over the policy's: 1.0 is perfect. */
    public double efficiency(PolicyResult policy) {
        return policy.outcome().taskMinutes() == 0 ? 0 : oracleTaskMinutes / policy.outcome().taskMinutes();
    }

    public PolicyResult policy(String name) {
        return policies.stream().filter(p -> p.policy().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no policy " + name));
    }
}
