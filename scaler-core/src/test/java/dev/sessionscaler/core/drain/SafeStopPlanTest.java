package dev.sessionscaler.core.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SafeStopPlanTest {
    private static List<String> tasks(int count) {
        return IntStream.range(0, count).mapToObj(i -> "t" + i).toList();
    }

    @Test
    void protectsEveryOtherRunningTaskInBatchesOfTenAndLowersDesiredByTheVictims() {
        List<String> running = tasks(25);
        SafeStopPlan plan = SafeStopPlan.of(List.of("t3", "t7"), running, 25, 2);

        assertThat(plan.stop()).containsExactly("t3", "t7");
        assertThat(plan.keep()).isEmpty();
        assertThat(plan.desiredCount()).isEqualTo(23);
        assertThat(plan.protectBatches()).hasSize(3).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(10));
        assertThat(plan.protectBatches().stream().flatMap(List::stream)).hasSize(23).doesNotContain("t3", "t7");
    }

    @Test
    void neverGoesBelowMinTasksKeepingTheVictimsThatWouldBreakIt() {
        SafeStopPlan plan = SafeStopPlan.of(List.of("t0", "t1", "t2"), tasks(4), 4, 2);
        assertThat(plan.stop()).containsExactly("t0", "t1");
        assertThat(plan.keep()).containsExactly("t2");
        assertThat(plan.desiredCount()).isEqualTo(2);
        assertThat(plan.protectBatches().stream().flatMap(List::stream)).containsExactlyInAnyOrder("t2", "t3");
    }

    @Test
    void atMinNothingIsStopped() {
        SafeStopPlan plan = SafeStopPlan.of(List.of("t0"), tasks(2), 2, 2);
        assertThat(plan.stop()).isEmpty();
        assertThat(plan.keep()).containsExactly("t0");
        assertThat(plan.desiredCount()).isEqualTo(2);
    }
}
