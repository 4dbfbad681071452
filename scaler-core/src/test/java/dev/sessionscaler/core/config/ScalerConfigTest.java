package dev.sessionscaler.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScalerConfigTest {

    @Test
    void onlyMinMaxAndSessionsPerTaskAreRequired() {
        ScalerConfig config = ScalerConfig.fromJson(JsonInput.parseObject(
                "{\"minTasks\": 2, \"maxTasks\": 20, \"sessionsPerTask\": 10}"));

        assertThat(config).isEqualTo(ScalerConfig.builder(2, 20, 10).build());
        assertThat(config.targetSessionUtilization()).isEqualTo(0.75);
        assertThat(config.scaleInSessionUtilization()).isEqualTo(0.5);
        assertThat(config.bufferIdleSlots()).as("default buffer is one task's worth of slots").isEqualTo(10);
        assertThat(config.heartbeatStalenessSeconds()).isEqualTo(180);
        assertThat(config.maxScaleInPerRun()).isEqualTo(1);
        assertThat(config.dryRun()).isFalse();
    }

    @Test
    void readsEveryFieldByItsExactName() {
        ScalerConfig config = ScalerConfig.fromJson(JsonInput.parseObject("""
                {"minTasks": 1, "maxTasks": 8, "sessionsPerTask": 4, "targetSessionUtilization": 0.9,
                 "scaleInSessionUtilization": 0.3, "bufferIdleSlots": 2, "cpuTargetPercent": 60,
                 "cpuScaleInPercent": 20, "memoryTargetPercent": 70, "hotTaskCpuPercent": 95,
                 "scaleInStabilizationSeconds": 120, "scaleOutCooldownSeconds": 60, "maxScaleOutStep": 3,
                 "maxScaleInPerRun": 2, "heartbeatStalenessSeconds": 240, "dryRun": true, "scaleInMode": "IDLE_ONLY",
                 "maxCordonedTasks": 5, "maxDrainSeconds": 1800, "predictiveFloor": true}"""));

        assertThat(config).isEqualTo(new ScalerConfig(1, 8, 4, 0.9, 0.3, 2, 60, 20, 70, 95, 120, 60, 3, 2, 240, true,
                ScaleInMode.IDLE_ONLY, 5, 1800, java.util.List.of(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void invalidValuesAreRejectedNamingTheField(String field, UnaryOperator<ScalerConfig.Builder> change, String problem) {
        assertThatThrownBy(() -> change.apply(ScalerConfig.builder(2, 10, 5)).build("config"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("config." + field + ": ")
                .hasMessageContaining(problem);
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                Arguments.of("targetSessionUtilization", op(b -> b.targetSessionUtilization(1.2)), "(0, 1]"),
                Arguments.of("targetSessionUtilization", op(b -> b.targetSessionUtilization(0)), "(0, 1]"),
                Arguments.of("scaleInSessionUtilization", op(b -> b.scaleInSessionUtilization(0.8)), "hysteresis"),
                Arguments.of("scaleInSessionUtilization", op(b -> b.scaleInSessionUtilization(-0.1)), "hysteresis"),
                Arguments.of("bufferIdleSlots", op(b -> b.bufferIdleSlots(-1)), "at least 0"),
                Arguments.of("cpuTargetPercent", op(b -> b.cpuTargetPercent(120)), "(0, 100]"),
                Arguments.of("cpuScaleInPercent", op(b -> b.cpuScaleInPercent(70)), "[0, cpuTargetPercent)"),
                Arguments.of("memoryTargetPercent", op(b -> b.memoryTargetPercent(0)), "(0, 100]"),
                Arguments.of("hotTaskCpuPercent", op(b -> b.hotTaskCpuPercent(50)), "at least cpuTargetPercent"),
                Arguments.of("scaleInStabilizationSeconds", op(b -> b.scaleInStabilizationSeconds(-5)), "at least 0"),
                Arguments.of("scaleOutCooldownSeconds", op(b -> b.scaleOutCooldownSeconds(-1)), "at least 0"),
                Arguments.of("maxScaleOutStep", op(b -> b.maxScaleOutStep(0)), "at least 1"),
                Arguments.of("maxScaleInPerRun", op(b -> b.maxScaleInPerRun(0)), "at least 1"),
                Arguments.of("heartbeatStalenessSeconds", op(b -> b.heartbeatStalenessSeconds(30)), "about every 60 s"),
                // overflow (safety issue, item 15): each of these once flipped a scale-out into a scale-in
                Arguments.of("maxScaleOutStep", op(b -> b.maxScaleOutStep(Integer.MAX_VALUE)), "at most maxTasks"),
                Arguments.of("maxScaleInPerRun", op(b -> b.maxScaleInPerRun(Integer.MAX_VALUE)), "must be at most 10"),
                Arguments.of("bufferIdleSlots", op(b -> b.bufferIdleSlots(Integer.MAX_VALUE)), "maxTasks × sessionsPerTask"),
                Arguments.of("scaleInStabilizationSeconds", op(b -> b.scaleInStabilizationSeconds(Integer.MAX_VALUE)), "at most 86400"),
                Arguments.of("scaleOutCooldownSeconds", op(b -> b.scaleOutCooldownSeconds(Integer.MAX_VALUE)), "at most 86400"),
                Arguments.of("heartbeatStalenessSeconds", op(b -> b.heartbeatStalenessSeconds(Integer.MAX_VALUE)), "at most 86400"),
                Arguments.of("maxCordonedTasks", op(b -> b.maxCordonedTasks(11)), "at most 10"),
                Arguments.of("maxDrainSeconds", op(b -> b.maxDrainSeconds(30)), "at least 60"),
                Arguments.of("scaleInMode", op(b -> b.scaleInMode(null)), "CORDON or IDLE_ONLY"));
    }

    private static UnaryOperator<ScalerConfig.Builder> op(UnaryOperator<ScalerConfig.Builder> f) {
        return f;
    }

    @ParameterizedTest(name = "min={0} max={1} slots={2}")
    @CsvSource({
            "5, 3, 10, minTasks: must not exceed maxTasks (5 > 3)",
            "-1, 3, 10, minTasks: must be at least 0",
            "0, 0, 10, maxTasks: must be at least 1",
            "0, 6000, 10, maxTasks: must be at most 5000",
            "1, 3, 0, sessionsPerTask: must be at least 1",
            "1, 3, 2147483647, sessionsPerTask: must be at most 1000"})
    void requiredFieldsAreValidated(int min, int max, int slots, String message) {
        assertThatThrownBy(() -> ScalerConfig.builder(min, max, slots).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void missingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> ScalerConfig.fromJson(JsonInput.parseObject("{\"minTasks\": 1, \"sessionsPerTask\": 3}")))
                .hasMessage("maxTasks: is required");
    }

    @Test
    void unknownFieldIsRejectedSoTyposDoNotFallBackToDefaults() {
        assertThatThrownBy(() -> ScalerConfig.fromJson(JsonInput.parseObject(
                "{\"minTasks\": 1, \"maxTasks\": 3, \"sessionsPerTask\": 3, \"maxScaleOutSteps\": 4}")))
                .hasMessageStartingWith("maxScaleOutSteps: unknown field (known fields: ");
    }

    @Test
    void wrongTypeIsRejectedWithTheValueSeen() {
        assertThatThrownBy(() -> ScalerConfig.fromJson(JsonInput.parseObject(
                "{\"minTasks\": \"two\", \"maxTasks\": 3, \"sessionsPerTask\": 3}")))
                .hasMessage("minTasks: must be a whole number, got the string \"two\"");
        assertThatThrownBy(() -> ScalerConfig.fromJson(JsonInput.parseObject(
                "{\"minTasks\": 1.5, \"maxTasks\": 3, \"sessionsPerTask\": 3}")))
                .hasMessage("minTasks: must be a whole number, got 1.5");
        assertThatThrownBy(() -> ScalerConfig.fromJson(JsonInput.parseObject(
                "{\"minTasks\": 1, \"maxTasks\": 3, \"sessionsPerTask\": 3, \"dryRun\": \"yes\"}")))
                .hasMessage("dryRun: must be true or false, got the string \"yes\"");
    }

    @Test
    void nestedConfigErrorsCarryTheFullPath() {
        JsonInput root = JsonInput.parseObject("{\"config\": {\"minTasks\": 4, \"maxTasks\": 3, \"sessionsPerTask\": 3}}");
        assertThatThrownBy(() -> ScalerConfig.fromJson(root.object("config")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("config.minTasks: must not exceed maxTasks (4 > 3)")
                .extracting(e -> ((InvalidInputException) e).path()).isEqualTo("config.minTasks");
    }
}
