package dev.sessionscaler.core.policy;

import static dev.sessionscaler.core.Fleets.NOW;
import static dev.sessionscaler.core.Fleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundsClampTest {
    private final ScalerConfig config = ScalerConfig.builder(2, 8, 10).maxScaleInPerRun(2).build();

    @ParameterizedTest(name = "current {0}, recommended {1}, proposed {2} -> {3} {4}")
    @CsvSource({
            // below min: straight up to min, whatever was proposed
            "0, 0,  0,  2, BELOW_MIN",
            "1, 1,  1,  2, BELOW_MIN",
            "1, 5,  5,  5, SCALE_OUT_SESSIONS",
            // above max: down by at most maxScaleInPerRun per run
            "12, 12, 12, 10, ABOVE_MAX",
            "9,  15, 14, 8,  ABOVE_MAX",
            // at the bounds
            "8, 11, 11, 8, AT_MAX",
            "2, 1,  2,  2, AT_MIN",
            // inside: clamp a proposal that overshoots
            "6, 11, 11, 8, SCALE_OUT_SESSIONS",
            "4, 1,  1,  2, SCALE_OUT_SESSIONS",
            "5, 5,  5,  5, SCALE_OUT_SESSIONS"})
    void resultAlwaysLandsInBounds(int current, int recommended, int proposed, int expected, ReasonCode reason) {
        var observation = FleetObservation.of(fleet(current).snapshot(), config, NOW);
        Proposal out = new BoundsClamp().clamp(new Proposal(proposed, ReasonCode.SCALE_OUT_SESSIONS, "p"),
                new Proposal(recommended, ReasonCode.SCALE_OUT_SESSIONS, "r"), observation, config);
        assertThat(out.desiredCount()).isEqualTo(expected);
        assertThat(out.reason()).isEqualTo(reason);
    }

    @Test
    void aboveMaxWaitsForARunningDeployment() {
        var observation = FleetObservation.of(fleet(12).deploymentInProgress().snapshot(), config, NOW);
        Proposal p = new Proposal(12, ReasonCode.WITHIN_TARGET, "p");
        Proposal out = new BoundsClamp().clamp(p, p, observation, config);
        assertThat(out.desiredCount()).isEqualTo(12);
        assertThat(out.reason()).isEqualTo(ReasonCode.BLOCKED_BY_DEPLOYMENT);
    }
}
