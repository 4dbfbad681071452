package dev.sessionscaler.reporter.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionTrackerTest {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final ConnectionTable.Connection USER = new ConnectionTable.Connection("10.0.1.5:54321", 3389, 1);
    static final ConnectionTable.Connection HEALTH_CHECK = new ConnectionTable.Connection("10.0.2.9:40000", 3389, 2);

    @Test
    void aConnectionIsASessionOnceItHasLastedTheMinimumAgeAndEndsWhenItGoes() {
        ConnectionTracker tracker = new ConnectionTracker(Duration.ofSeconds(10));

        assertThat(tracker.observe(List.of(USER, HEALTH_CHECK), T0).started()).isEmpty();
        assertThat(tracker.observe(List.of(USER), T0.plusSeconds(2)).ended()).as("never a session, so no END").isEmpty();
        assertThat(tracker.observe(List.of(USER), T0.plusSeconds(9)).started()).isEmpty();
        var at10 = tracker.observe(List.of(USER), T0.plusSeconds(10));
        assertThat(at10.started()).containsExactly(USER.sessionId());
        assertThat(tracker.observe(List.of(USER), T0.plusSeconds(12)).started()).as("started once").isEmpty();
        var gone = tracker.observe(List.of(), T0.plusSeconds(14));

        assertThat(gone.ended()).containsExactly(USER.sessionId());
        assertThat(tracker.sessions()).isEmpty();
    }

    @Test
    void aConnectionThatComesBackIsANewOneWhoseAgeStartsAgain() {
        ConnectionTracker tracker = new ConnectionTracker(Duration.ofSeconds(10));
        tracker.observe(List.of(HEALTH_CHECK), T0);
        tracker.observe(List.of(), T0.plusSeconds(2));

        assertThat(tracker.observe(List.of(HEALTH_CHECK), T0.plusSeconds(10)).started()).isEmpty();
        assertThat(tracker.observe(List.of(HEALTH_CHECK), T0.plusSeconds(20)).started()).containsExactly(HEALTH_CHECK.sessionId());
    }
}
