package dev.sessionscaler.core.decision;

import static dev.sessionscaler.core.Fleets.NOW;
import static dev.sessionscaler.core.Fleets.arn;
import static dev.sessionscaler.core.Fleets.fleet;
import static dev.sessionscaler.core.Fleets.task;
import static dev.sessionscaler.core.Fleets.undamped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.Fleets;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ReasonCode;
import dev.sessionscaler.core.model.ScaleAction;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionPipelineTest {
    private static final ScalerConfig UNDAMPED = undamped(1, 10, 10).build();
    private static final ScalerConfig IDLE_ONLY = undamped(1, 10, 10).scaleInMode(dev.sessionscaler.core.config.ScaleInMode.IDLE_ONLY).build();
    private final DecisionPipeline pipeline = new DecisionPipeline();

    /** One row per reason code: the fleet, the config, and what the whole pipeline must decide. */
    record Row(ReasonCode reason, ScaleAction action, int desired, Fleets.Fleet fleet, ScalerConfig config) {
        @Override
        public String toString() {
            return reason + " -> " + action + " " + desired;
        }
    }

    static Stream<Row> everyReason() {
        DecisionHistory lowLongAgo = new DecisionHistory(NOW.minusSeconds(3600), null, null);
        ScalerConfig damped = ScalerConfig.builder(1, 10, 10).bufferIdleSlots(0).build();
        return Stream.of(
                new Row(ReasonCode.SCALE_OUT_SESSIONS, ScaleAction.SCALE_OUT, 5, fleet(4).withTasks(4, 9), UNDAMPED),
                new Row(ReasonCode.SCALE_OUT_BUFFER, ScaleAction.SCALE_OUT, 3,
                        fleet(2).withTasks(2, 6), undamped(1, 10, 10).bufferIdleSlots(10).build()),
                new Row(ReasonCode.SCALE_OUT_HOT_TASK, ScaleAction.SCALE_OUT, 3,
                        fleet(2).withTasks(1, 5).with(task("hot").sessions(5).cpu(99)), UNDAMPED),
                new Row(ReasonCode.SCALE_OUT_CPU, ScaleAction.SCALE_OUT, 3, fleet(2).cpu(95.0).withTasks(2, 5), UNDAMPED),
                new Row(ReasonCode.SCALE_OUT_MEMORY, ScaleAction.SCALE_OUT, 3, fleet(2).memory(99.0).withTasks(2, 5), UNDAMPED),
                // every task in service full: refused sessions are invisible, so 3 -> 6 although utilisation asks for 4
                new Row(ReasonCode.SCALE_OUT_SATURATED, ScaleAction.SCALE_OUT, 6, fleet(3).withTasks(3, 10),
                        undamped(1, 10, 10).maxScaleOutStep(5).build()),
                new Row(ReasonCode.BELOW_MIN, ScaleAction.SCALE_OUT, 3, fleet(1).withTasks(1, 5), undamped(3, 10, 10).build()),
                new Row(ReasonCode.SCHEDULED_FLOOR, ScaleAction.SCALE_OUT, 6, fleet(3).cpu(5.0).withTasks(3, 0), withMorningFloor(6).build()),
                new Row(ReasonCode.LEARNED_FLOOR, ScaleAction.SCALE_OUT, 7, fleet(3).cpu(5.0).withTasks(3, 0).learnedFloor(7), undamped(2, 10, 10).build()),
                new Row(ReasonCode.SCALE_IN_IDLE, ScaleAction.SCALE_IN, 1, fleet(3).cpu(5.0).memory(5.0).withTasks(3, 0), UNDAMPED),
                new Row(ReasonCode.ABOVE_MAX, ScaleAction.SCALE_IN, 10, fleet(11).withTasks(10, 7).withTasks(1, 0), UNDAMPED),
                new Row(ReasonCode.WITHIN_TARGET, ScaleAction.NONE, 3, fleet(3).withTasks(3, 6), UNDAMPED),
                new Row(ReasonCode.BLOCKED_BY_BUFFER, ScaleAction.NONE, 3, fleet(3).cpu(5.0).withTasks(3, 2),
                        undamped(1, 10, 10).bufferIdleSlots(22).build()),
                new Row(ReasonCode.METRICS_MISSING, ScaleAction.NONE, 3, fleet(3).cpu(null).withTasks(3, 0), UNDAMPED),
                new Row(ReasonCode.STABILIZING, ScaleAction.NONE, 3, fleet(3).cpu(5.0).withTasks(3, 0), damped),
                new Row(ReasonCode.COOLDOWN, ScaleAction.NONE, 3, fleet(3).cpu(5.0).withTasks(3, 0)
                        .history(new DecisionHistory(NOW.minusSeconds(3600), NOW.minusSeconds(60), null)), damped),
                new Row(ReasonCode.BLOCKED_BY_DEPLOYMENT, ScaleAction.NONE, 3,
                        fleet(3).cpu(5.0).withTasks(3, 0).deploymentInProgress().history(lowLongAgo), damped),
                new Row(ReasonCode.AT_MAX, ScaleAction.NONE, 10, fleet(10).withTasks(10, 10), UNDAMPED),
                new Row(ReasonCode.AT_MIN, ScaleAction.NONE, 2, fleet(2).cpu(5.0).memory(5.0).withTasks(2, 0), undamped(2, 10, 10).build()),
                new Row(ReasonCode.BLOCKED_BY_SESSIONS, ScaleAction.NONE, 3, fleet(3).cpu(5.0).withTasks(3, 1), IDLE_ONLY),
                new Row(ReasonCode.CORDON_UNAVAILABLE, ScaleAction.NONE, 3, fleet(3).cpu(5.0).withTasks(3, 1)
                        .loadBalancer(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 300, false)), UNDAMPED),
                new Row(ReasonCode.DELAY_TOO_SHORT, ScaleAction.NONE, 3, fleet(3).cpu(5.0).memory(5.0).withTasks(3, 0)
                        .loadBalancer(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 60, false)), IDLE_ONLY),
                new Row(ReasonCode.BLOCKED_BY_CORDONS, ScaleAction.NONE, 4, fleet(4).cpu(5.0).memory(5.0).withTasks(3, 0).alb3600()
                        .with(task("cordoned").sessions(1).cordoned(NOW.minusSeconds(600), NOW.plusSeconds(2100))), IDLE_ONLY),
                new Row(ReasonCode.CORDON_SURPLUS, ScaleAction.CORDON, 3, fleet(3).cpu(5.0).withTasks(3, 1).alb3600(), UNDAMPED),
                new Row(ReasonCode.READMIT_FOR_CAPACITY, ScaleAction.READMIT, 3, fleet(3).alb3600().withTasks(2, 8)
                        .with(task("cordoned").sessions(2).cordoned(NOW.minusSeconds(600), NOW.plusSeconds(2760))), UNDAMPED),
                new Row(ReasonCode.READMIT_DEADLINE, ScaleAction.READMIT, 3, fleet(3).alb3600().withTasks(2, 2)
                        .with(task("late").sessions(1).cordoned(NOW.minusSeconds(3360), NOW)), UNDAMPED),
                new Row(ReasonCode.RETIRE_DRAINED, ScaleAction.RETIRE, 2, fleet(3).alb3600().withTasks(2, 2)
                        .with(task("drained").cordoned(NOW.minusSeconds(300), NOW.plusSeconds(3060))), UNDAMPED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyReason")
    void decidesWithTheExpectedReason(Row row) {
        Decision decision = pipeline.decide(row.fleet().input(row.config()));

        assertThat(decision.reason()).isEqualTo(row.reason());
        assertThat(decision.action()).isEqualTo(row.action());
        assertThat(decision.desiredCount()).isEqualTo(row.desired());
        assertThat(decision.message()).contains(row.reason().description());
        assertThat(decision.audit().reason()).isEqualTo(row.reason());
        assertThat(decision.audit().steps()).extracting(StepTrace::step).startsWith("recommend", "stabilize", "limit", "clamp");
        if (row.action() == ScaleAction.SCALE_IN) {
            assertThat(decision.victims()).hasSize(row.fleet().snapshot().service().desiredCount() - row.desired());
        } else {
            assertThat(decision.victims()).isEmpty();
        }
    }

    @ParameterizedTest(name = "heartbeat stamped {0} s before it was received")
    @org.junit.jupiter.params.provider.CsvSource({"0, true", "59, true", "61, false", "120, false"})
    void aCordonedTaskRetiresOnlyOnAHeartbeatStampedAfterTheLagNotOneReceivedAfterIt(int transit, boolean retired) {
        // invariant 1: cordoned 240 s ago, heartbeat received 0 s ago; a session may have arrived up to 120 s after the
        // cordon, and only a list built after that (stamped 30 s later still, and a 30 s skew) surely holds it
        Decision decision = pipeline.decide(fleet(3).alb3600().withTasks(2, 2)
                .with(task("drained").heartbeatSecondsAgo(0).heartbeatInTransitSeconds(transit)
                        .cordoned(NOW.minusSeconds(240), NOW.plusSeconds(3120)))
                .input(UNDAMPED));

        assertThat(decision.retire().contains(arn("drained"))).as(decision.message()).isEqualTo(retired);
    }

    /** NOW (Fleets) is 2026-01-01T10:00:00Z, a Thursday: a window on Thursday mornings in Berlin (UTC+1) covers it. */
    private static ScalerConfig.Builder withMorningFloor(int floor) {
        return withMorningFloor(floor, java.time.DayOfWeek.THURSDAY);
    }

    private static ScalerConfig.Builder withMorningFloor(int floor, java.time.DayOfWeek day) {
        return undamped(2, 10, 10).schedules(List.of(new dev.sessionscaler.core.config.ScheduleWindow(
                java.util.Set.of(day), java.time.LocalTime.of(10, 30), java.time.LocalTime.of(12, 0),
                java.time.ZoneId.of("Europe/Berlin"), floor)));
    }

    @Test
    void aScheduledFloorRaisesTheCountWithItsOwnReasonAndTheAuditNamesTheWindow() {
        Decision decision = pipeline.decide(fleet(3).cpu(5.0).memory(5.0).withTasks(3, 0).input(withMorningFloor(6).build()));

        assertThat(decision.reason()).isEqualTo(ReasonCode.SCHEDULED_FLOOR);
        assertThat(decision.action()).isEqualTo(ScaleAction.SCALE_OUT);
        assertThat(decision.desiredCount()).isEqualTo(6);
        assertThat(decision.audit().scheduledFloor()).isEqualTo("THU 10:30-12:00 Europe/Berlin: minTasks 6");
        assertThat(decision.message()).contains("the scheduled floor 6");
    }

    @Test
    void scaleInNeverGoesBelowTheActiveFloor() {
        Decision decision = pipeline.decide(fleet(6).cpu(5.0).memory(5.0).withTasks(6, 0).input(withMorningFloor(6).build()));

        assertThat(decision.action()).isEqualTo(ScaleAction.NONE);
        assertThat(decision.reason()).isEqualTo(ReasonCode.AT_MIN);
        assertThat(decision.message()).contains("already at the scheduled floor 6");
        Decision outside = pipeline.decide(fleet(6).cpu(5.0).memory(5.0).withTasks(6, 0)
                .input(withMorningFloor(6, java.time.DayOfWeek.FRIDAY).build()));
        assertThat(outside.action()).as("after the window the idle surplus goes").isEqualTo(ScaleAction.SCALE_IN);
        assertThat(outside.audit().scheduledFloor()).isNull();
    }

    @Test
    void aLearnedFloorRaisesTheCountWithItsOwnReasonAndTheHigherOfTwoFloorsWins() {
        var learned = new dev.sessionscaler.core.policy.LearnedFloor.Floor(8, 70, "learned: 70 sessions at THU 10:00-10:30 UTC");
        Decision decision = pipeline.decide(fleet(3).cpu(5.0).memory(5.0).withTasks(3, 0).input(withMorningFloor(6).build())
                .withLearnedFloor(learned));

        assertThat(decision.reason()).isEqualTo(ReasonCode.LEARNED_FLOOR);
        assertThat(decision.desiredCount()).isEqualTo(8);
        assertThat(decision.audit().learnedFloor()).isEqualTo(learned.reason());
        assertThat(decision.audit().scheduledFloor()).as("named too, though lower").isNotNull();
        Decision scheduleWins = pipeline.decide(fleet(3).cpu(5.0).memory(5.0).withTasks(3, 0).input(withMorningFloor(9).build())
                .withLearnedFloor(learned));
        assertThat(scheduleWins.reason()).isEqualTo(ReasonCode.SCHEDULED_FLOOR);
        assertThat(scheduleWins.desiredCount()).isEqualTo(9);
    }

    @Test
    void aFloorThatOpensWithTasksCordonedReadmitsThemUntilTheTasksInServiceMeetIt() {
        // review finding: 22 desired, 4 of them cordoned; a window's floor of 20 needs 20 in service, not 20 desired
        var floor = new dev.sessionscaler.core.config.ScheduleWindow(java.util.Set.of(java.time.DayOfWeek.THURSDAY),
                java.time.LocalTime.of(10, 30), java.time.LocalTime.of(12, 0), java.time.ZoneId.of("Europe/Berlin"), 20);
        Fleets.Fleet fleet = fleet(22).cpu(5.0).memory(5.0).alb3600().withTasks(18, 1);
        for (int i = 0; i < 4; i++) {
            fleet = fleet.with(task("cordoned" + i).sessions(i + 1).cordoned(NOW.minusSeconds(600), NOW.plusSeconds(2100)));
        }

        Decision decision = pipeline.decide(fleet.input(undamped(2, 40, 10).schedules(List.of(floor)).build()));

        assertThat(decision.action()).isEqualTo(ScaleAction.READMIT);
        assertThat(decision.readmit()).as("the fullest first").containsExactly(arn("cordoned3"), arn("cordoned2"));
        assertThat(decision.desiredCount()).isEqualTo(22);
        assertThat(decision.message()).contains("only 18 task(s) in service, below the scheduled floor 20");
    }

    @Test
    void aFloorAtOrBelowMinTasksChangesNothing() {
        Decision decision = pipeline.decide(fleet(2).cpu(5.0).memory(5.0).withTasks(2, 0).input(withMorningFloor(2).build()));

        assertThat(decision.reason()).isEqualTo(ReasonCode.AT_MIN);
        assertThat(decision.audit().scheduledFloor()).isNull();
    }

    @Test
    void withMaxCordonedTasksZeroIdleTasksAreStillStoppedTheOldWay() {
        Decision decision = pipeline.decide(fleet(3).cpu(5.0).memory(5.0).withTasks(3, 0).alb3600()
                .input(undamped(1, 10, 10).maxCordonedTasks(0).build()));

        assertThat(decision.action()).isEqualTo(ScaleAction.SCALE_IN);
        assertThat(decision.cordon()).isEmpty();
    }

    @Test
    void aCordonedTaskWithSessionsDueDuringARetirementIsReadmittedBeforeTheRetirementStarts() {
        // "drained" could retire, but "busy" reaches its deadline in 10 minutes, while a retirement may hold the lease longer
        Decision decision = pipeline.decide(fleet(4).alb3600().withTasks(2, 2)
                .with(task("drained").cordoned(NOW.minusSeconds(600), NOW.plusSeconds(2100)),
                        task("busy").sessions(2).cordoned(NOW.minusSeconds(2100), NOW.plusSeconds(600)))
                .input(UNDAMPED));

        assertThat(decision.action()).isEqualTo(ScaleAction.READMIT);
        assertThat(decision.reason()).isEqualTo(ReasonCode.READMIT_DEADLINE);
        assertThat(decision.readmit()).containsExactly(arn("busy"));
    }

    @Test
    void anIdleCordonedTaskThatCouldNotBeRetiredByItsDeadlineIsReadmittedToo() {
        // protected by the application, so never retired: its cordon must still end
        Decision decision = pipeline.decide(fleet(3).alb3600().withTasks(2, 2)
                .with(task("kept").protectedTask().cordoned(NOW.minusSeconds(2700), NOW)).input(UNDAMPED));

        assertThat(decision.action()).isEqualTo(ScaleAction.READMIT);
        assertThat(decision.readmit()).containsExactly(arn("kept"));
    }

    @Test
    void oneExecutionReadmitsAtMostAHundredTasks() {
        Fleets.Fleet fleet = fleet(150).alb3600();
        for (int i = 0; i < 150; i++) {
            fleet.with(task("c" + i).sessions(1).cordoned(NOW.minusSeconds(2700), NOW.minusSeconds(1)));
        }

        Decision decision = pipeline.decide(fleet.input(undamped(1, 200, 10).build()));

        assertThat(decision.action()).isEqualTo(ScaleAction.READMIT);
        assertThat(decision.readmit()).hasSize(100);
    }

    @Test
    void atMaxTasksCordonedTasksStillComeBackWhenCapacityIsNeeded() {
        // maxTasks 4: three full tasks in service and one cordoned; the count cannot rise, the cordoned task can return
        Decision decision = pipeline.decide(fleet(4).alb3600().withTasks(3, 10)
                .with(task("c").sessions(3).cordoned(NOW.minusSeconds(600), NOW.plusSeconds(2100))).input(undamped(1, 4, 10).build()));

        assertThat(decision.action()).isEqualTo(ScaleAction.READMIT);
        assertThat(decision.reason()).isEqualTo(ReasonCode.READMIT_FOR_CAPACITY);
        assertThat(decision.readmit()).containsExactly(arn("c"));
    }

    @Test
    void whereCordoningIsAvailableIdleSurplusIsCordonedToo() {
        // never a drain that holds the lease for a long deregistration delay: a cordon and a retirement are short
        Decision decision = pipeline.decide(fleet(3).cpu(5.0).memory(5.0).withTasks(3, 0).alb3600().input(UNDAMPED));

        assertThat(decision.action()).isEqualTo(ScaleAction.CORDON);
        assertThat(decision.victims()).isEmpty();
        assertThat(decision.cordon()).isNotEmpty();
    }

    @Test
    void theTableCoversEveryReasonCode() {
        Set<ReasonCode> covered = everyReason().map(Row::reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(ReasonCode.class)));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(Arrays.asList(ReasonCode.values()));
    }

    @Test
    void scaleInNamesIdleVictimsWithTheirEvidence() {
        var input = fleet(4).cpu(5.0).with(
                task("busy").sessions(2).az("us-east-1a"),
                task("idle-old").startedMinutesAgo(900).az("us-east-1b"),
                task("idle-new").startedMinutesAgo(30).az("us-east-1b"),
                task("idle-a").startedMinutesAgo(400).az("us-east-1a")).input(undamped(1, 10, 10).maxScaleInPerRun(1).build());

        Decision decision = pipeline.decide(input);

        assertThat(decision.action()).isEqualTo(ScaleAction.SCALE_IN);
        assertThat(decision.desiredCount()).isEqualTo(3);
        assertThat(decision.victims()).containsExactly(arn("idle-old"));
        assertThat(decision.audit().victims()).singleElement()
                .satisfies(v -> {
                    assertThat(v.activeSessions()).isZero();
                    assertThat(v.lastHeartbeat()).isEqualTo(NOW.minusSeconds(30));
                });
        assertThat(decision.audit().steps()).extracting(StepTrace::step).last().isEqualTo("plan victims");
    }

    @Test
    void tooFewIdleTasksGiveAPartialScaleIn() {
        var input = fleet(4).cpu(5.0).withTasks(3, 1).with(task("idle")).input(UNDAMPED);

        Decision decision = pipeline.decide(input);

        assertThat(decision.action()).isEqualTo(ScaleAction.SCALE_IN);
        assertThat(decision.victims()).containsExactly(arn("idle"));
        assertThat(decision.desiredCount()).isEqualTo(3);
        assertThat(decision.audit().partial()).isTrue();
        assertThat(decision.message()).contains("only 1 eligible idle task");
    }

    @Test
    void historyIsAnOutputThatTheNextRunConsumes() {
        ScalerConfig config = ScalerConfig.builder(1, 10, 10).bufferIdleSlots(0).scaleInStabilizationSeconds(300).build();
        var idle = fleet(3).cpu(5.0).withTasks(3, 0);

        Decision first = pipeline.decide(idle.input(config));
        assertThat(first.reason()).isEqualTo(ReasonCode.STABILIZING);
        assertThat(first.history().lowSince()).isEqualTo(NOW);

        var stillIdle = fleet(3).cpu(5.0).with(task("a").heartbeat(NOW.plusSeconds(280)),
                task("b").heartbeat(NOW.plusSeconds(280)), task("c").heartbeat(NOW.plusSeconds(280)));
        Decision later = pipeline.decide(stillIdle.now(NOW.plusSeconds(300)).history(first.history()).input(config));
        assertThat(later.action()).isEqualTo(ScaleAction.SCALE_IN);
        assertThat(later.history()).isEqualTo(new DecisionHistory(NOW, null, NOW.plusSeconds(300)));

        Decision busy = pipeline.decide(fleet(3).withTasks(3, 9).now(NOW.plusSeconds(360)).history(later.history()).input(config));
        assertThat(busy.action()).isEqualTo(ScaleAction.SCALE_OUT);
        assertThat(busy.history()).isEqualTo(new DecisionHistory(null, NOW.plusSeconds(360), NOW.plusSeconds(300)));
    }

    @Test
    void dryRunDecidesTheSameButDoesNotRecordTheActionInHistory() {
        var fleet = fleet(4).withTasks(4, 9);
        Decision real = pipeline.decide(fleet.input(UNDAMPED));
        Decision dry = pipeline.decide(fleet.input(UNDAMPED.toBuilder().dryRun(true).build()));

        assertThat(dry.action()).isEqualTo(real.action());
        assertThat(dry.desiredCount()).isEqualTo(real.desiredCount());
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.audit().dryRun()).isTrue();
        assertThat(dry.message()).startsWith("[dry run] ");
        assertThat(real.history().lastScaleOutAt()).isEqualTo(NOW);
        assertThat(dry.history().lastScaleOutAt()).isNull();
    }

    @Test
    void scaleOutIsLimitedByTheStepAndTheReasonSaysSo() {
        var input = fleet(2).withTasks(2, 10).with(task("extra").sessions(40)).input(undamped(1, 50, 10).maxScaleOutStep(3).build());
        Decision decision = pipeline.decide(input);
        assertThat(decision.desiredCount()).isEqualTo(5);
        assertThat(decision.reason()).isEqualTo(ReasonCode.SCALE_OUT_SESSIONS);
        assertThat(decision.message()).contains("limited to +3 by maxScaleOutStep");
    }

    @Test
    void staleTaskIsNeverAVictimEvenWhenItReportsNoSessions() {
        var input = fleet(3).cpu(5.0).with(task("stale").heartbeatSecondsAgo(900), task("busy").sessions(1),
                task("busy2").sessions(1)).input(IDLE_ONLY);
        assertThat(pipeline.decide(input).audit().steps().get(0).reason()).isEqualTo(ReasonCode.SCALE_IN_IDLE);
        Decision decision = pipeline.decide(input);
        assertThat(decision.reason()).isEqualTo(ReasonCode.BLOCKED_BY_SESSIONS);
        assertThat(decision.victims()).isEmpty();
        assertThat(List.copyOf(decision.audit().notEligibleForScaleIn().keySet()))
                .containsExactlyInAnyOrder(dev.sessionscaler.core.policy.VictimPlanner.Exclusion.UNKNOWN_SESSIONS,
                        dev.sessionscaler.core.policy.VictimPlanner.Exclusion.BUSY);
    }
}
