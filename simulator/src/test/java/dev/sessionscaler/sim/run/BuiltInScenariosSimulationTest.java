package dev.sessionscaler.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.sim.scenario.BuiltInScenarios;
import dev.sessionscaler.sim.workflow.WorkflowBridge;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's promises on the built-in scenarios the README quotes, each simulated once for the class (a few
 * minutes of wall time: the session-aware policy runs its real parts), and once more at fast fidelity. The third
 * built-in, {@code tag-day}, is there to measure the session path's speed (bench/run); it runs here at fast fidelity.
 */
class BuiltInScenariosSimulationTest {
    /** The scenarios whose figures the README quotes. */
    private static final List<String> QUOTED = List.of("rdp-workday", "tag-bursts");
    private static final Map<String, SimulationResult> RESULTS = new HashMap<>();
    private static final Map<String, PolicyResult> FAST = new HashMap<>();

    @BeforeAll
    static void simulate() {
        try (WorkflowBridge bridge = new WorkflowBridge()) {
            for (String name : QUOTED) {
                RESULTS.put(name, Simulation.run(BuiltInScenarios.load(name), bridge, (policy, done, total) -> { }));
                FAST.put(name, Simulation.run(BuiltInScenarios.load(name), bridge, (policy, done, total) -> { }, Fidelity.FAST)
                        .policy(SessionAwareRun.NAME));
            }
            FAST.put("tag-day", Simulation.run(BuiltInScenarios.load("tag-day"), bridge, (policy, done, total) -> { }, Fidelity.FAST)
                    .policy(SessionAwareRun.NAME));
        }
    }

    @AfterAll
    static void forget() {
        RESULTS.clear();
        FAST.clear();
    }

    @Test
    void theSessionHeavyDayCutsNothingAtFastFidelity() {
        PolicyResult tagDay = FAST.get("tag-day");
        assertThat(tagDay.outcome().sessionsStarted()).as("tens of thousands of short sessions").isGreaterThan(30_000);
        assertThat(tagDay.outcome().sessionsInterrupted()).isZero();
        assertThat(tagDay.usage().sessionEvents()).as("the session path is what it measures").isGreaterThan(80_000);
    }

    @Test
    void fastFidelityGivesTheSameSessionsAndTaskMinutesWithinOnePercent() {
        for (String scenario : QUOTED) {
            PolicyResult.Outcome full = policy(scenario, SessionAwareRun.NAME).outcome();
            PolicyResult.Outcome fast = FAST.get(scenario).outcome();
            assertThat(fast.sessionsStarted()).as(scenario).isEqualTo(full.sessionsStarted());
            assertThat(fast.sessionsRejected()).as(scenario).isEqualTo(full.sessionsRejected());
            assertThat(fast.sessionsInterrupted()).as(scenario).isEqualTo(full.sessionsInterrupted());
            assertThat(fast.taskMinutes()).as(scenario).isCloseTo(full.taskMinutes(), org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(FAST.get(scenario).decisions()).as(scenario + ": the same decision every minute")
                    .isEqualTo(policy(scenario, SessionAwareRun.NAME).decisions());
        }
    }

    private static PolicyResult policy(String scenario, String policy) {
        return RESULTS.get(scenario).policy(policy);
    }

    @Test
    void sessionAwareNeverInterruptsASessionOnEitherScenarioAndCordonsToGetThere() {
        for (String scenario : QUOTED) {
            PolicyResult sessionAware = policy(scenario, SessionAwareRun.NAME);
            assertThat(sessionAware.outcome().sessionsInterrupted()).as(scenario).isZero();
            assertThat(sessionAware.outcome().scaleInEvents()).as(scenario + ": it did scale in").isPositive();
            assertThat(sessionAware.usage().cordons()).as(scenario + ": it cordoned busy tasks").isPositive();
            assertThat(sessionAware.usage().readmissions()).as(scenario + ": and readmitted some for capacity").isPositive();
        }
    }

    @Test
    void sessionAwareRejectsNoMoreThanTargetTrackingAndCostsLessThanProtectedTargetTracking() {
        for (String scenario : QUOTED) {
            PolicyResult sessionAware = policy(scenario, SessionAwareRun.NAME);
            assertThat(sessionAware.outcome().sessionsRejected()).as(scenario)
                    .isLessThanOrEqualTo(policy(scenario, TargetTrackingRun.NAME).outcome().sessionsRejected());
            assertThat(sessionAware.outcome().taskMinutes()).as(scenario)
                    .isLessThan(policy(scenario, TargetTrackingProtectedRun.NAME).outcome().taskMinutes());
        }
    }

    @Test
    void targetTrackingInterruptsSessionsOnTheRemoteDesktopDayAndItsProtectedSetupDoesNot() {
        PolicyResult targetTracking = policy("rdp-workday", TargetTrackingRun.NAME);
        assertThat(targetTracking.outcome().scaleInEvents()).isPositive();
        assertThat(targetTracking.outcome().sessionsInterrupted()).isPositive();
        assertThat(policy("rdp-workday", TargetTrackingProtectedRun.NAME).outcome().sessionsInterrupted())
                .as("busy tasks protect themselves; the 3600 s drain outlasts what arrives in the race").isZero();
    }

    @Test
    void everyPolicySeesTheSameTraffic() {
        for (String scenario : QUOTED) {
            SimulationResult result = RESULTS.get(scenario);
            int offered = result.policy(Simulation.ORACLE).outcome().sessionsStarted();
            assertThat(result.policies()).extracting(PolicyResult::policy).containsExactly(SessionAwareRun.NAME, TargetTrackingRun.NAME,
                    TargetTrackingProtectedRun.NAME, PackingBoundResult.NAME, Simulation.ORACLE);
            for (PolicyResult p : result.policies()) {
                assertThat(p.outcome().sessionsStarted() + p.outcome().sessionsRejected()).as(scenario + " " + p.policy())
                        .isEqualTo(offered);
            }
        }
    }

    @Test
    void sessionAwareEfficiencyAgainstTheOracle() {
        // Issue 14's targets (measured: 0.734 and 0.688, README "What the simulation shows"). The packing bound (0.81, 0.68)
        // is what no policy that leaves sessions where they are can beat by much; tag-bursts' session-aware figure is above
        // it only because session-aware refused a fifth of the sessions in the bursts, which the bound never does.
        assertThat(RESULTS.get("rdp-workday").efficiency(policy("rdp-workday", SessionAwareRun.NAME))).isGreaterThanOrEqualTo(0.72);
        assertThat(RESULTS.get("tag-bursts").efficiency(policy("tag-bursts", SessionAwareRun.NAME))).isGreaterThanOrEqualTo(0.50);
    }
}
