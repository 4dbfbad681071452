package dev.sessionscaler.core.policy;

import static dev.sessionscaler.core.Fleets.NOW;
import static dev.sessionscaler.core.Fleets.fleet;
import static dev.sessionscaler.core.Fleets.task;
import static dev.sessionscaler.core.Fleets.undamped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.Fleets;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ReasonCode;
import org.junit.jupiter.api.Test;

class RecommenderTest {
    private final Recommender recommender = new Recommender();

    private Recommender.Result run(Fleets.Fleet fleet, ScalerConfig config) {
        return recommender.recommend(FleetObservation.of(fleet.snapshot(), config, NOW), config);
    }

    @Test
    void sessionUtilisationAboveTargetScalesOutToTheNeededCount() {
        // 4 tasks × 10 slots, 35 sessions; at ≤ 75 % each task holds 7.5 → ceil(35 / 7.5) = 5
        var r = run(fleet(4).withTasks(3, 9).with(task("x").sessions(8)), undamped(1, 20, 10).build());
        assertThat(r.proposal().desiredCount()).isEqualTo(5);
        assertThat(r.proposal().reason()).isEqualTo(ReasonCode.SCALE_OUT_SESSIONS);
        assertThat(r.low()).isFalse();
    }

    @Test
    void tooFewFreeSlotsScaleOutForTheBuffer() {
        // 20 sessions on 4 × 10 (50 %, under target) but only 20 free and the buffer asks for 25
        var r = run(fleet(4).withTasks(4, 5), undamped(1, 20, 10).bufferIdleSlots(25).build());
        assertThat(r.proposal()).extracting(Proposal::desiredCount, Proposal::reason)
                .containsExactly(5, ReasonCode.SCALE_OUT_BUFFER);
    }

    @Test
    void oneHotTaskScalesOutEvenWhenTheAverageIsFine() {
        var r = run(fleet(3).cpu(50.0).withTasks(2, 5).with(task("hot").sessions(5).cpu(97)), undamped(1, 20, 10).build());
        assertThat(r.proposal()).extracting(Proposal::desiredCount, Proposal::reason)
                .containsExactly(4, ReasonCode.SCALE_OUT_HOT_TASK);
    }

    @Test
    void hotTaskAsksForOneMoreThanRunningSoAPendingTaskAlreadyAnswersIt() {
        var r = run(fleet(3).cpu(50.0).withTasks(1, 5).with(task("hot").sessions(5).cpu(97),
                task("new").lifecycle(dev.sessionscaler.core.model.TaskLifecycle.PENDING).heartbeat(null)),
                undamped(1, 20, 10).build());
        assertThat(r.proposal().reason()).isNotEqualTo(ReasonCode.SCALE_OUT_HOT_TASK);
        assertThat(r.proposal().desiredCount()).isEqualTo(3);
    }

    @Test
    void averageCpuAboveTargetScalesOutProportionally() {
        // ceil(4 running × 91 / 70) = 6
        var r = run(fleet(4).cpu(91.0).withTasks(4, 5), undamped(1, 20, 10).build());
        assertThat(r.proposal()).extracting(Proposal::desiredCount, Proposal::reason)
                .containsExactly(6, ReasonCode.SCALE_OUT_CPU);
    }

    @Test
    void averageMemoryAboveTargetScalesOut() {
        var r = run(fleet(4).memory(90.0).withTasks(4, 5), undamped(1, 20, 10).build());
        assertThat(r.proposal()).extracting(Proposal::desiredCount, Proposal::reason)
                .containsExactly(5, ReasonCode.SCALE_OUT_MEMORY);
    }

    @Test
    void everyTaskInServiceFullDoublesTheFleetBecauseRefusedSessionsAreInvisible() {
        var r = run(fleet(3).withTasks(3, 10), undamped(1, 20, 10).maxScaleOutStep(10).build());
        assertThat(r.proposal()).extracting(Proposal::desiredCount, Proposal::reason)
                .containsExactly(6, ReasonCode.SCALE_OUT_SATURATED);
        assertThat(r.scaleOutNeeds().saturation()).isEqualTo(6);
    }

    @Test
    void oneFreeSlotOrATaskStillStartingIsNotSaturation() {
        ScalerConfig config = undamped(1, 20, 10).maxScaleOutStep(10).build();
        var oneFree = run(fleet(3).withTasks(2, 10).with(task("x").sessions(9)), config);
        var starting = run(fleet(4).withTasks(3, 10).with(task("new").lifecycle(dev.sessionscaler.core.model.TaskLifecycle.PENDING)
                .heartbeat(null)), config);
        assertThat(oneFree.scaleOutNeeds().saturation()).isZero();
        assertThat(starting.scaleOutNeeds().saturation()).as("the starting task answers first").isZero();
    }

    @Test
    void saturationDoublesOnlyTheTasksInServiceAndCountsCordonedOnesOnce() {
        // 2 full tasks in service, 1 cordoned: 1 + 2 × 2 = 5
        var r = run(fleet(3).withTasks(2, 10).with(task("c").sessions(4).cordoned(NOW.minusSeconds(600), NOW.plusSeconds(600))),
                undamped(1, 20, 10).maxScaleOutStep(10).build());
        assertThat(r.scaleOutNeeds().saturation()).isEqualTo(5);
    }

    @Test
    void aBufferOfZeroStillKeepsOneFreeSlotSoAFullFleetNeverReadsAsRoomEnough() {
        // 10 sessions on 1 × 10, target 100 %: without a free slot the next session is refused
        var r = run(fleet(2).withTasks(1, 10).withTasks(1, 0), undamped(1, 20, 10).targetSessionUtilization(1.0)
                .scaleInSessionUtilization(0.9).bufferIdleSlots(0).build());
        assertThat(r.scaleInNeeds().buffer()).isEqualTo(2);
    }

    @Test
    void lowLoadProposesTheSmallestCountThatKeepsTargetsAndBuffer() {
        // 4 sessions, buffer 10: ceil(14 / 10) = 2 tasks are enough of 6
        var r = run(fleet(6).cpu(10.0).memory(10.0).withTasks(2, 2).withTasks(4, 0), undamped(1, 20, 10).bufferIdleSlots(10).build());
        assertThat(r.proposal()).extracting(Proposal::desiredCount, Proposal::reason)
                .containsExactly(2, ReasonCode.SCALE_IN_IDLE);
        assertThat(r.low()).isTrue();
    }

    @Test
    void lowSessionsButBufferNeedsEveryTaskIsBlockedByBuffer() {
        var r = run(fleet(3).cpu(10.0).withTasks(3, 3), undamped(1, 20, 10).bufferIdleSlots(21).build());
        assertThat(r.proposal()).extracting(Proposal::desiredCount, Proposal::reason)
                .containsExactly(3, ReasonCode.BLOCKED_BY_BUFFER);
        assertThat(r.low()).as("low condition still holds for stabilization").isTrue();
    }

    @Test
    void sessionsLowButCpuNotLowIsWithinTarget() {
        var r = run(fleet(4).cpu(55.0).withTasks(4, 1), undamped(1, 20, 10).build());
        assertThat(r.proposal()).extracting(Proposal::desiredCount, Proposal::reason)
                .containsExactly(4, ReasonCode.WITHIN_TARGET);
        assertThat(r.low()).isFalse();
    }

    @Test
    void missingCpuOrMemoryNeverReadsAsIdle() {
        var noCpu = run(fleet(4).cpu(null).withTasks(4, 0), undamped(1, 20, 10).build());
        assertThat(noCpu.proposal()).extracting(Proposal::desiredCount, Proposal::reason)
                .containsExactly(4, ReasonCode.METRICS_MISSING);
        assertThat(noCpu.proposal().detail()).contains("CPU is unknown");
        var noMemory = run(fleet(4).memory(null).withTasks(4, 0), undamped(1, 20, 10).build());
        assertThat(noMemory.proposal().reason()).isEqualTo(ReasonCode.METRICS_MISSING);
        assertThat(noMemory.low()).isFalse();
    }

    @Test
    void staleTasksDoNotTriggerScaleOutButTheirFreeSlotsDoNotCountForScaleIn() {
        // 3 tasks, one stale with 0 reported sessions: out-load 2, in-load 2 + 10
        var fleet = fleet(3).cpu(10.0).withTasks(2, 1).with(task("stale").heartbeatSecondsAgo(600));
        var r = run(fleet, undamped(1, 20, 10).build());
        assertThat(r.proposal().desiredCount()).as("2 slots of 30 is no reason to scale out").isLessThanOrEqualTo(3);
        assertThat(r.scaleInNeeds().utilization()).as("ceil(12 / 7.5)").isEqualTo(2);
        assertThat(r.scaleOutNeeds().utilization()).as("ceil(2 / 7.5)").isEqualTo(1);
    }

    @Test
    void exactTargetIsNotAboveTarget() {
        // 30 sessions on 4 × 10 = 75 % exactly: no scale-out (guards floating-point ceil)
        var r = run(fleet(4).withTasks(2, 8).withTasks(2, 7), undamped(1, 20, 10).build());
        assertThat(r.proposal().reason()).isEqualTo(ReasonCode.WITHIN_TARGET);
        assertThat(r.proposal().desiredCount()).isEqualTo(4);
    }
}
