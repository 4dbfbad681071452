package dev.sessionscaler.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScaleInMode;
import dev.sessionscaler.core.config.ScalerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunerTest {
    private static final ScalerConfig BASE = ScalerConfig.builder(2, 40, 10).dryRun(true).build();

    private static Tuner.Candidate candidate(double target, int interrupted, int rejected, double taskMinutes) {
        ScalerConfig config = BASE.toBuilder().targetSessionUtilization(target).scaleInSessionUtilization(0.5).build();
        return new Tuner.Candidate(config, new PolicyResult.Outcome(100, interrupted, rejected, taskMinutes, 0, 0, 0, 0), 0.5, 0);
    }

    @Test
    void recommendsTheCheapestThatCutNothingAndRefusedNoMoreThanTheBaseline() {
        Tuner.Candidate baseline = candidate(0.75, 0, 3, 1000);
        Tuner.Candidate cutsASession = candidate(0.8, 1, 0, 500);
        Tuner.Candidate refusesMore = candidate(0.85, 0, 4, 600);
        Tuner.Candidate cheaperAndSafe = candidate(0.9, 0, 3, 900);
        Tuner.Candidate sameCostFewerRefusals = candidate(0.95, 0, 1, 900);

        assertThat(Tuner.recommend(baseline, List.of(baseline, cutsASession, refusesMore, cheaperAndSafe, sameCostFewerRefusals)))
                .contains(sameCostFewerRefusals);
        assertThat(Tuner.recommend(baseline, List.of(baseline, cutsASession, refusesMore))).contains(baseline);
    }

    @Test
    void theDefaultGridVariesEverySettingThatMattersAndTurnsDryRunOff() {
        List<ScalerConfig> grid = Tuner.grid(BASE, Tuner.Grid.DEFAULT);

        assertThat(grid).hasSize(32).allSatisfy(c -> assertThat(c.dryRun()).isFalse());
        assertThat(grid).extracting(ScalerConfig::targetSessionUtilization).containsOnly(0.8, 0.9);
        assertThat(grid).extracting(ScalerConfig::scaleInSessionUtilization).containsOnly(0.7, 0.55, 0.8, 0.65);
        assertThat(grid).extracting(ScalerConfig::bufferIdleSlots).containsOnly(5, 10);
        assertThat(grid).extracting(ScalerConfig::scaleInStabilizationSeconds).containsOnly(300, 600);
        assertThat(grid).extracting(ScalerConfig::scaleInMode).containsOnly(ScaleInMode.CORDON, ScaleInMode.IDLE_ONLY);
        assertThat(Tuner.grid(BASE, Tuner.Grid.SMALL)).hasSize(4);
    }
}
