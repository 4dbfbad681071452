package dev.sessionscaler.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TargetTrackingPolicyTest {
    private final TargetTrackingPolicy policy = new TargetTrackingPolicy(TargetTrackingPolicy.Config.awsDefaults(50, 1, 20));

    private OptionalInt minute(int minute, Double cpu, int desired) {
        return policy.evaluate(minute * 60L, cpu, desired);
    }

    @Test
    void scalesOutAfterThreeHighDatapointsProportionally() {
        assertThat(minute(0, 80.0, 4)).isEmpty();
        assertThat(minute(1, 80.0, 4)).isEmpty();
        assertThat(minute(2, 80.0, 4)).hasValue(7);  // ceil(4 × 80 / 50)
    }

    @Test
    void aMissingDatapointOrOneBelowTargetRestartsTheCount() {
        minute(0, 80.0, 4);
        minute(1, 80.0, 4);
        assertThat(minute(2, null, 4)).isEmpty();
        assertThat(minute(3, 80.0, 4)).isEmpty();
        assertThat(minute(4, 40.0, 4)).isEmpty();
        assertThat(minute(5, 80.0, 4)).isEmpty();
    }

    @Test
    void scalesInOnlyAfterFifteenLowDatapointsAndNotDuringCooldowns() {
        for (int m = 0; m < 14; m++) {
            assertThat(minute(m, 20.0, 10)).as("minute %d", m).isEmpty();
        }
        assertThat(minute(14, 20.0, 10)).hasValue(4);  // ceil(10 × 20 / 50)
        assertThat(minute(15, 20.0, 4)).as("scale-in cooldown").isEmpty();
        assertThat(minute(19, 10.0, 4)).hasValue(1);
    }

    @Test
    void aScaleOutCooldownHoldsScaleInAndSmallerScaleOuts() {
        // a 30-minute scale-out cooldown, longer than the 15 low datapoints the low alarm needs
        TargetTrackingPolicy slow = new TargetTrackingPolicy(new TargetTrackingPolicy.Config(50, 1, 20, 1800, 300));
        for (int m = 0; m < 3; m++) {
            slow.evaluate(m * 60L, 90.0, 2);
        }
        // scaled out to 4 at minute 2; a larger scale-out is allowed in the cooldown and restarts it (until 1980 s)
        assertThat(slow.evaluate(3 * 60L, 95.0, 4)).hasValue(8);
        for (int m = 4; m < 33; m++) {
            assertThat(slow.evaluate(m * 60L, 10.0, 8)).as("minute %d", m).isEmpty();
        }
        assertThat(slow.evaluate(33 * 60L, 10.0, 8)).as("cooldown over").hasValue(2);
    }

    @Test
    void staysWithinTheBounds() {
        for (int m = 0; m < 3; m++) {
            minute(m, 100.0, 15);
        }
        assertThat(policy.evaluate(3 * 60L + 1, 100.0, 20)).isEmpty();
        TargetTrackingPolicy other = new TargetTrackingPolicy(TargetTrackingPolicy.Config.awsDefaults(50, 1, 20));
        for (int m = 0; m < 2; m++) {
            other.evaluate(m * 60L, 100.0, 15);
        }
        assertThat(other.evaluate(120, 100.0, 15)).hasValue(20);
    }
}
