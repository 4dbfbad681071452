package dev.sessionscaler.core.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.drain.DrainCheck.TargetState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrainCheckTest {
    private final DrainTiming timing = DrainTiming.forDelay(300);

    @Test
    void timingFollowsTheDeregistrationDelay() {
        assertThat(timing.firstCheckSeconds()).as("after a heartbeat stamped 180 s after the deregistration has come")
                .isEqualTo(255);
        assertThat(timing.deadlineSeconds()).isEqualTo(285);
        assertThat(timing.mayWaitAgain(255)).as("255 + 60 > 285: unknown sessions are decided at the first check").isFalse();
        assertThat(timing.drainOverdue(359)).isFalse();
        assertThat(timing.drainOverdue(360)).isTrue();
        DrainTiming slow = DrainTiming.forDelay(900);
        assertThat(slow.firstCheckSeconds()).as("a long delay is not waited out: an idle target drains in minutes").isEqualTo(255);
        assertThat(DrainTiming.forDelay(3600).firstCheckSeconds()).isEqualTo(255);
        assertThat(DrainTiming.forDelay(3600).mayWaitAgain(255)).as("a target still draining is checked again").isTrue();
        assertThatThrownBy(() -> new DrainTiming(300, 60, 30, 15)).hasMessageContaining("no sub-minute polling");
        assertThat(DrainTiming.forDelay(45).firstCheckSeconds()).as("a short delay is checked at once").isZero();
        assertThat(DrainTiming.forDelay(3600).mayWaitAgain(3525)).as("3525 + 60 = 3585, the deadline itself").isTrue();
        assertThat(DrainTiming.forDelay(3600).mayWaitAgain(3526)).isFalse();
        assertThat(new DrainTiming(300, 2, 60, 1).safetySeconds()).as("the smallest margins allowed").isEqualTo(1);
        assertThatThrownBy(() -> new DrainTiming(300, 15, 60, 15)).hasMessageContaining("before the safety margin");
        assertThatThrownBy(() -> new DrainTiming(300, 15, 60, 0)).hasMessageContaining("before the safety margin");
        assertThat(DrainTiming.unsafeDelay(299)).as("no heartbeat that surely lists a late session comes before it closes")
                .contains("at least 300");
        assertThat(DrainTiming.unsafeDelay(300)).as("AWS's default delay drains").isNull();
        assertThat(DrainTiming.forDelay(0).deadlineSeconds()).as("no time to wait for unknown sessions").isNegative();
        assertThatThrownBy(() -> DrainTiming.forDelay(3601)).hasMessageContaining("between 0 and 3600");
    }

    @ParameterizedTest(name = "elapsed {0}s running={1} known={2} sessions={3} rising={4} target={5} -> {6}")
    @CsvSource({
            "240, false, true,  0, false, DRAINING,       GONE",
            "240, true,  true,  1, false, NOT_REGISTERED, ABORT",
            "60,  true,  true,  2, false, DRAINING,       ABORT",
            "240, true,  true,  0, true,  NOT_REGISTERED, ABORT",
            "240, true,  true,  0, false, REGISTERED,     ABORT",
            "360, true,  true,  0, false, REGISTERED,     ABORT",
            "240, true,  true,  0, false, NOT_REGISTERED, DRAINED",
            "120, true,  true,  0, false, DRAINING,       WAIT",
            "240, true,  true,  0, false, DRAINING,       WAIT",
            "300, true,  true,  0, false, DRAINING,       WAIT",
            "360, true,  true,  0, false, DRAINING,       DRAINED",
            "120, true,  false, 0, false, NOT_REGISTERED, WAIT",
            "240, true,  false, 0, false, NOT_REGISTERED, ABORT"})
    void verdicts(long elapsed, boolean running, boolean known, int sessions, boolean rising, TargetState target, DrainVerdict verdict) {
        assertThat(DrainCheck.check(timing, elapsed, running, known, sessions, rising, target).verdict()).isEqualTo(verdict);
    }

    @Test
    void aSessionAbortsEvenWhenTheTargetIsAlreadyDrained() {
        var result = DrainCheck.check(timing, 240, true, true, 1, false, TargetState.NOT_REGISTERED);
        assertThat(result.verdict()).isEqualTo(DrainVerdict.ABORT);
        assertThat(result.reason()).contains("session(s) appeared");
    }
}
