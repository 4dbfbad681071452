package dev.sessionscaler.core.policy;

import static dev.sessionscaler.core.Fleets.NOW;
import static dev.sessionscaler.core.Fleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ReasonCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StabilizerTest {
    private final Stabilizer stabilizer = new Stabilizer();
    private final ScalerConfig config = ScalerConfig.builder(1, 10, 10)
            .scaleInStabilizationSeconds(600).scaleOutCooldownSeconds(300).build();
    private final Proposal scaleIn = new Proposal(3, ReasonCode.SCALE_IN_IDLE, "idle");

    private Proposal run(Proposal proposal, boolean deployment, Integer lowForSeconds, Integer scaledOutSecondsAgo) {
        var fleet = fleet(4).withTasks(4, 0);
        if (deployment) {
            fleet.deploymentInProgress();
        }
        var observation = FleetObservation.of(fleet.snapshot(), config, NOW);
        var history = new DecisionHistory(
                lowForSeconds == null ? null : NOW.minusSeconds(lowForSeconds),
                scaledOutSecondsAgo == null ? null : NOW.minusSeconds(scaledOutSecondsAgo), null);
        return stabilizer.stabilize(proposal, observation, config, history, NOW);
    }

    @ParameterizedTest(name = "deployment={0} lowFor={1}s scaledOutAgo={2}s → {3}")
    @CsvSource(nullValues = "-", value = {
            "true,  900, -,   BLOCKED_BY_DEPLOYMENT, 4",
            "false, -,   -,   STABILIZING,           4",
            "false, 599, -,   STABILIZING,           4",
            "false, 600, 299, COOLDOWN,              4",
            "false, 600, 300, SCALE_IN_IDLE,         3",
            "false, 900, -,   SCALE_IN_IDLE,         3"})
    void scaleInPassesOnlyWhenEveryGateIsOpen(boolean deployment, Integer lowFor, Integer scaledOutAgo,
                                              ReasonCode reason, int desired) {
        Proposal out = run(scaleIn, deployment, lowFor, scaledOutAgo);
        assertThat(out.reason()).isEqualTo(reason);
        assertThat(out.desiredCount()).isEqualTo(desired);
    }

    @Test
    void scaleOutAndNoChangePassUntouchedEvenDuringDeploymentAndCooldown() {
        Proposal out = new Proposal(6, ReasonCode.SCALE_OUT_SESSIONS, "busy");
        assertThat(run(out, true, null, 10)).isSameAs(out);
        Proposal none = new Proposal(4, ReasonCode.WITHIN_TARGET, "fine");
        assertThat(run(none, false, null, null)).isSameAs(none);
    }

    @Test
    void lowSinceStartsNowKeepsItsStartAndResetsWhenTheConditionBreaks() {
        var since = NOW.minusSeconds(120);
        assertThat(Stabilizer.nextLowSince(true, DecisionHistory.empty(), NOW)).isEqualTo(NOW);
        assertThat(Stabilizer.nextLowSince(true, new DecisionHistory(since, null, null), NOW)).isEqualTo(since);
        assertThat(Stabilizer.nextLowSince(false, new DecisionHistory(since, null, null), NOW)).isNull();
        assertThat(Stabilizer.nextLowSince(true, new DecisionHistory(NOW.plusSeconds(60), null, null), NOW))
                .as("a lowSince in the future (clock skew) restarts the window").isEqualTo(NOW);
    }
}
