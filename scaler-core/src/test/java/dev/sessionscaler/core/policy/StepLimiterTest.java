package dev.sessionscaler.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ReasonCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepLimiterTest {
    private final ScalerConfig config = ScalerConfig.builder(0, 100, 10).maxScaleOutStep(3).maxScaleInPerRun(2).build();

    @ParameterizedTest(name = "{0} -> {1} becomes {2}")
    @CsvSource({
            "10, 20, 13, true",
            "10, 13, 13, false",
            "10, 11, 11, false",
            "10, 10, 10, false",
            "10, 9,  9,  false",
            "10, 8,  8,  false",
            "10, 2,  8,  true"})
    void stepsAreLimitedBothWays(int current, int proposed, int expected, boolean limited) {
        Proposal in = new Proposal(proposed, ReasonCode.SCALE_OUT_SESSIONS, "why");
        Proposal out = new StepLimiter().limit(in, current, config);
        assertThat(out.desiredCount()).isEqualTo(expected);
        assertThat(out.reason()).as("the primary reason stays").isEqualTo(ReasonCode.SCALE_OUT_SESSIONS);
        assertThat(out.detail().contains("limited")).isEqualTo(limited);
    }
}
