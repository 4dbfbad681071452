package dev.sessionscaler.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskSizeTest {
    @ParameterizedTest(name = "{0} vCPU, {1} GiB")
    @CsvSource({"0.25, 0.5", "0.25, 2", "0.5, 4", "1, 8", "2, 4", "2, 16", "4, 30", "8, 16", "8, 60", "16, 32", "16, 120"})
    void acceptsEveryFargateSize(double vcpu, double memory) {
        assertThat(new TaskSize(vcpu, memory, TaskSize.Architecture.ARM64).memoryGiB()).isEqualTo(memory);
    }

    @ParameterizedTest(name = "{0} vCPU, {1} GiB")
    @CsvSource(delimiter = '|', textBlock = """
            0.25 | 1.5 | service.taskMemoryGiB: Fargate does not offer 1.5 GiB with 0.25 vCPU; it allows 0.5, 1 or 2 GiB
            1    | 1   | service.taskMemoryGiB: Fargate does not offer 1 GiB with 1 vCPU; it allows 2 to 8 GiB in steps of 1 GiB
            4    | 31  | service.taskMemoryGiB: Fargate does not offer 31 GiB with 4 vCPU; it allows 8 to 30 GiB
            8    | 18  | service.taskMemoryGiB: Fargate does not offer 18 GiB with 8 vCPU; it allows 16 to 60 GiB in steps of 4 GiB
            16   | 128 | service.taskMemoryGiB: Fargate does not offer 128 GiB with 16 vCPU
            3    | 6   | service.taskVcpu: must be a Fargate CPU size (0.25, 0.5, 1, 2, 4, 8 or 16 vCPU), got 3
            """)
    void refusesWhatFargateDoesNotOfferSayingWhatItDoes(double vcpu, double memory, String message) {
        assertThatThrownBy(() -> new TaskSize(vcpu, memory, TaskSize.Architecture.X86_64))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith(message);
    }

    @Test
    void pricesATaskMinuteAtTheListPricePerVcpuAndGigabyteHour() {
        assertThat(new TaskSize(1, 2, TaskSize.Architecture.X86_64).usdPerTaskMinute() * 60).isCloseTo(0.04937, within(1e-9));
        assertThat(new TaskSize(2, 4, TaskSize.Architecture.ARM64).usdPerTaskMinute() * 60).isCloseTo(0.0790, within(1e-9));
    }

    @Test
    void defaultsToOneVcpuX86AndTheLeastMemoryTheCpuAllows() {
        assertThat(TaskSize.from(JsonInput.parseObject("{}"))).isEqualTo(TaskSize.DEFAULT);
        assertThat(TaskSize.from(JsonInput.parseObject("{\"taskVcpu\": 4, \"architecture\": \"arm64\"}")))
                .isEqualTo(new TaskSize(4, 8, TaskSize.Architecture.ARM64));
        assertThatThrownBy(() -> TaskSize.from(JsonInput.parseObject("{\"architecture\": \"RISCV\"}")))
                .hasMessage("architecture: must be X86_64 or ARM64, got RISCV");
    }
}
