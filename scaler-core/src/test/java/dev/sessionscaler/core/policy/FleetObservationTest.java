package dev.sessionscaler.core.policy;

import static dev.sessionscaler.core.Fleets.NOW;
import static dev.sessionscaler.core.Fleets.fleet;
import static dev.sessionscaler.core.Fleets.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.TaskLifecycle;
import org.junit.jupiter.api.Test;

class FleetObservationTest {
    private final ScalerConfig config = ScalerConfig.builder(1, 10, 10).build();

    @Test
    void countsTasksBySessionKnowledge() {
        var snapshot = fleet(6).with(
                task("known").sessions(4),
                task("stale").sessions(2).heartbeatSecondsAgo(181),
                task("never-beat").heartbeat(null),
                task("young").heartbeat(null).startedMinutesAgo(1),
                task("pending").heartbeat(null).startedAt(null).lifecycle(TaskLifecycle.PENDING),
                task("draining").sessions(1).draining(),
                task("stopping").sessions(9).lifecycle(TaskLifecycle.STOPPING)).snapshot();

        FleetObservation o = FleetObservation.of(snapshot, config, NOW);

        assertThat(o.liveTasks()).as("stopping tasks are gone").isEqualTo(6);
        assertThat(o.runningTasks()).isEqualTo(5);
        assertThat(o.startingTasks()).isEqualTo(1);
        assertThat(o.staleTasks()).as("stale and never-beat; young and pending are just starting").isEqualTo(2);
        assertThat(o.drainingTasks()).isEqualTo(1);
        assertThat(o.reportedSessions()).isEqualTo(4 + 2 + 1);
        assertThat(o.scaleOutLoad()).as("draining task's 9 free slots are not offered").isEqualTo(7 + 9);
        assertThat(o.scaleInLoad()).as("stale tasks' free slots (8 + 10) are not trusted for scale-in")
                .isEqualTo(16 + 8 + 10);
        assertThat(o.capacitySlots()).isEqualTo(60);
        assertThat(o.sessionUtilization()).isEqualTo(16 / 60.0);
    }

    @Test
    void heartbeatExactlyAtTheStalenessBoundIsStillKnown() {
        var snapshot = fleet(1).with(task("edge").heartbeatSecondsAgo(180)).snapshot();
        assertThat(FleetObservation.of(snapshot, config, NOW).staleTasks()).isZero();
    }

    @Test
    void hotTasksAreRunningTasksAboveTheThreshold() {
        var snapshot = fleet(3).with(task("a").cpu(95), task("b").cpu(90), task("c")).snapshot();
        assertThat(FleetObservation.of(snapshot, config, NOW).hotTasks()).isEqualTo(1);
    }

    @Test
    void theServiceMaximumRevealsAHotTaskWithoutPerTaskFigures() {
        var fleet = fleet(2).with(task("a"), task("b"));
        var hot = new dev.sessionscaler.core.model.FleetSnapshot(fleet.snapshot().service(), 40.0, 30.0, 96.0, fleet.snapshot().tasks());
        var cool = new dev.sessionscaler.core.model.FleetSnapshot(fleet.snapshot().service(), 40.0, 30.0, 60.0, fleet.snapshot().tasks());
        assertThat(FleetObservation.of(hot, config, NOW).hotTasks()).isEqualTo(1);
        assertThat(FleetObservation.of(cool, config, NOW).hotTasks()).isZero();
    }

    @Test
    void zeroCapacityIsEitherIdleOrFull() {
        assertThat(FleetObservation.of(fleet(0).snapshot(), config, NOW).sessionUtilization()).isZero();
        var loaded = fleet(0).with(task("orphan").sessions(1)).snapshot();
        assertThat(FleetObservation.of(loaded, config, NOW).sessionUtilization()).isEqualTo(1.0);
    }

    @Test
    void aHeartbeatFromTheFutureIsDoubtNotFreshness() {
        var snapshot = fleet(2).with(task("time-traveller").heartbeat(NOW.plusSeconds(365L * 86_400)),
                task("slightly-ahead").heartbeat(NOW.plusSeconds(SessionKnowledge.FUTURE_TOLERANCE_SECONDS))).snapshot();

        FleetObservation o = FleetObservation.of(snapshot, config, NOW);

        assertThat(o.staleTasks()).as("a heartbeat a year ahead is impossible, so the task counts as unknown").isEqualTo(1);
        assertThat(VictimPlanner.exclusion(snapshot.tasks().get(0), config, NOW)).isEqualTo(VictimPlanner.Exclusion.UNKNOWN_SESSIONS);
        assertThat(VictimPlanner.exclusion(snapshot.tasks().get(1), config, NOW)).isNull();
    }

    @Test
    void moreSessionsThanSlotsIsReported() {
        var snapshot = fleet(2).with(task("overfull").sessions(14), task("fine").sessions(10)).snapshot();

        FleetObservation o = FleetObservation.of(snapshot, config, NOW);

        assertThat(o.overCapacityTasks()).isEqualTo(1);
        assertThat(Recommender.figures(o, config)).contains("1 task(s) reporting more sessions than sessionsPerTask 10");
    }
}
