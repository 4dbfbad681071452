package dev.sessionscaler.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.sim.scenario.BuiltInScenarios;
import dev.sessionscaler.sim.workflow.WorkflowBridge;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's promises on the built-in scenarios, each simulated once for the class (a few minutes of wall
 * time: the session-aware policy runs its real parts). These are the figures the README and the report quote.
 */
class BuiltInScenariosSimulationTest {
    private static final Map<String, SimulationResult> RESULTS = new HashMap<>();

    @BeforeAll
    static void simulate() {
        try (WorkflowBridge bridge = new WorkflowBridge()) {
            for (String name : BuiltInScenarios.NAMES) {
                RESULTS.put(name, Simulation.run(BuiltInScenarios.load(name), bridge, (policy, done, total) -> { }));
            }
        }
    }

    @AfterAll
    static void forget() {
        RESULTS.clear();
    }

    private static PolicyResult policy(String scenario, String policy) {
        return RESULTS.get(scenario).policy(policy);
    }

    @Test
    void sessionAwareNeverInterruptsASessionOnEitherScenario() {
        for (String scenario : BuiltInScenarios.NAMES) {
            PolicyResult sessionAware = policy(scenario, SessionAwareRun.NAME);
            assertThat(sessionAware.outcome().sessionsInterrupted()).as(scenario).isZero();
            assertThat(sessionAware.outcome().scaleInEvents()).as(scenario + ": it did scale in").isPositive();
            assertThat(sessionAware.usage().workflowExecutions()).as(scenario).isPositive();
        }
    }

    @Test
    void targetTrackingInterruptsSessionsOnTheRemoteDesktopDay() {
        PolicyResult targetTracking = policy("rdp-workday", TargetTrackingRun.NAME);
        assertThat(targetTracking.outcome().scaleInEvents()).isPositive();
        assertThat(targetTracking.outcome().sessionsInterrupted()).isPositive();
    }

    @Test
    void everyPolicySeesTheSameTraffic() {
        for (String scenario : BuiltInScenarios.NAMES) {
            SimulationResult result = RESULTS.get(scenario);
            int offered = result.policy(Simulation.ORACLE).outcome().sessionsStarted();
            for (PolicyResult p : result.policies()) {
                assertThat(p.outcome().sessionsStarted() + p.outcome().sessionsRejected()).as(scenario + " " + p.policy())
                        .isEqualTo(offered);
            }
        }
    }

    @Test
    void sessionAwareEfficiencyAgainstTheOracle() {
        // Below the 0.75 goal on both: idle-only scale-in with round-robin routing leaves every task a session or two
        // while traffic continues, so fleets shrink late (README, "What the simulation shows"). These floors guard
        // the published figures (0.37 and 0.66) against regressions; they are not the goal.
        assertThat(RESULTS.get("tag-bursts").efficiency(policy("tag-bursts", SessionAwareRun.NAME))).isGreaterThanOrEqualTo(0.35);
        assertThat(RESULTS.get("rdp-workday").efficiency(policy("rdp-workday", SessionAwareRun.NAME))).isGreaterThanOrEqualTo(0.6);
    }
}
