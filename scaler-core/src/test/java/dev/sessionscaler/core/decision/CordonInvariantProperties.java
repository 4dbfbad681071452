package dev.sessionscaler.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScaleInMode;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ReasonCode;
import dev.sessionscaler.core.model.ScaleAction;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.policy.CordonPlanner;
import dev.sessionscaler.core.policy.FleetObservation;
import dev.sessionscaler.core.policy.SessionKnowledge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Invariants 1, 3 and 9 of DESIGN.md section 4 over generated fleets that hold cordoned tasks (section 5b): any
 * mix of cordoned tasks with and without sessions, before and after their deadline, protected, stale or stopping;
 * every kind of target group (ALB, NLB with and without connection termination, short delays, unknown); loads from
 * idle to saturated; undamped configs so every rule can fire.
 */
class CordonInvariantProperties {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private final DecisionPipeline pipeline = new DecisionPipeline();

    /** Invariant 1: whatever is stopped (a victim or a retired cordoned task) is running, idle, known and unprotected. */
    @Property(tries = 1000)
    void onlyIdleKnownUnprotectedTasksAreStoppedAndBusyCordonedTasksNeverAre(@ForAll("inputs") DecisionInput input) {
        Decision decision = pipeline.decide(input);
        // the generator must reach every cordon rule, or this property would hold vacuously
        Statistics.label("action").collect(decision.action()).coverage(c -> {
            c.check(ScaleAction.CORDON).percentage(p -> p >= 1);
            c.check(ScaleAction.RETIRE).percentage(p -> p >= 1);
            c.check(ScaleAction.READMIT).percentage(p -> p >= 1);
        });
        Statistics.label("reason").collect(decision.reason());
        Statistics.label("scale-out readmits").collect(decision.action() == ScaleAction.SCALE_OUT && !decision.readmit().isEmpty())
                .coverage(c -> c.check(true).percentage(p -> p >= 1));
        Map<String, TaskState> byArn = byArn(input);
        List<String> stopped = new ArrayList<>(decision.victims());
        stopped.addAll(decision.retire());
        for (String arn : stopped) {
            TaskState task = byArn.get(arn);
            assertThat(task).as("a task of the fleet").isNotNull();
            assertThat(task.lifecycle()).as("running").isEqualTo(TaskLifecycle.RUNNING);
            assertThat(task.activeSessions()).as("idle").isZero();
            assertThat(task.lastHeartbeat()).as("sessions known").isNotNull()
                    .isAfterOrEqualTo(input.now().minusSeconds(input.config().heartbeatStalenessSeconds()));
            assertThat(task.scaleInProtected()).as("unprotected").isFalse();
            assertThat(task.draining()).as("not draining already").isFalse();
        }
        for (String arn : decision.victims()) {
            assertThat(byArn.get(arn).cordoned()).as("a cordoned task leaves only by retirement").isFalse();
        }
        for (String arn : decision.retire()) {
            TaskState task = byArn.get(arn);
            assertThat(task.cordoned()).as("only cordoned tasks retire").isTrue();
            assertThat(task.cordonedSince().plusSeconds(CordonPlanner.LOAD_BALANCER_LAG_SECONDS)).as("past the load balancer's lag")
                    .isBeforeOrEqualTo(input.now());
            assertThat(task.lastHeartbeatSentAt()).as("a heartbeat stamped late enough to list what the lag let in, however late it came")
                    .isAfterOrEqualTo(task.cordonedSince().plusSeconds(SessionKnowledge.REPORTED_AFTER_LAG_SECONDS));
        }
        for (String arn : decision.cordon()) {
            TaskState task = byArn.get(arn);
            assertThat(task.cordoned() || task.draining()).as("not cordoned twice").isFalse();
            assertThat(task.healthy() && !task.scaleInProtected() && task.lifecycle() == TaskLifecycle.RUNNING).isTrue();
        }
        List<String> all = new ArrayList<>(stopped);
        all.addAll(decision.cordon());
        all.addAll(decision.readmit());
        assertThat(new HashSet<>(all)).as("no task has two roles").hasSameSizeAs(all);
    }

    /** Invariant 3: bounds and steps hold for every action; a cordon or readmission alone never changes the count. */
    @Property(tries = 1000)
    void desiredCountStaysInBoundsAndEveryActionKeepsItsStep(@ForAll("inputs") DecisionInput input) {
        Decision decision = pipeline.decide(input);
        ScalerConfig config = input.config();
        int current = input.fleet().service().desiredCount();
        int desired = decision.desiredCount();
        if (current >= config.minTasks() && current <= config.maxTasks()) {
            assertThat(desired).isBetween(config.minTasks(), config.maxTasks());
        }
        switch (decision.action()) {
            case CORDON, READMIT, NONE -> assertThat(desired).isEqualTo(current);
            case RETIRE -> {
                assertThat(current - desired).isEqualTo(decision.retire().size());
                assertThat(decision.retire().size()).isBetween(1, config.maxScaleInPerRun());
            }
            case SCALE_IN -> assertThat(current - desired).isEqualTo(decision.victims().size());
            case SCALE_OUT -> {
                if (current >= config.minTasks()) {
                    assertThat(desired - current).isBetween(1, config.maxScaleOutStep());
                }
            }
            default -> { }
        }
        if (decision.action() == ScaleAction.CORDON) {
            long cordonedAfter = input.fleet().tasks().stream().filter(t -> t.cordoned() && !t.lifecycle().isLeaving()).count()
                    + decision.cordon().size();
            assertThat(cordonedAfter).as("maxCordonedTasks").isLessThanOrEqualTo(config.maxCordonedTasks());
        }
    }

    /**
     * Invariant 9: the tasks left in service after a cordon meet every target and the buffer, so the very next decision on
     * the same load asks for no capacity back; and capacity is never bought while a cordoned task could give it.
     */
    @Property(tries = 3000)
    void cordoningNeverStarvesTheFleetAndCordonedTasksComeBackBeforeNewOnes(@ForAll("inputs") DecisionInput input) {
        Decision decision = pipeline.decide(input);
        Statistics.label("cordon").collect(decision.action() == ScaleAction.CORDON).coverage(c -> c.check(true).count(n -> n >= 30));
        if (decision.action() == ScaleAction.CORDON) {
            Decision next = pipeline.decide(input.withFleet(cordoned(input.fleet(), Set.copyOf(decision.cordon()))));
            assertThat(next.action()).as("right after a cordon: " + next.message()).isNotEqualTo(ScaleAction.SCALE_OUT);
            assertThat(next.reason()).as("right after a cordon: " + next.message()).isNotEqualTo(ReasonCode.READMIT_FOR_CAPACITY);
        }
        boolean readmittable = input.fleet().tasks().stream().anyMatch(t -> t.cordoned() && !t.lifecycle().isLeaving());
        if (decision.action() == ScaleAction.SCALE_OUT && readmittable) {
            assertThat(decision.readmit()).as("cordoned tasks go back before new ones start").isNotEmpty();
        }
    }

    /**
     * Invariant 9 where a manual payload asks for it: the cordon planner, asked for every task, still stops at the surplus,
     * so the next decision asks for no capacity back.
     */
    @Property(tries = 2000)
    void theCordonPlannerAskedForEveryTaskStillLeavesEnoughInService(@ForAll("inputs") DecisionInput input) {
        Decision before = pipeline.decide(input);
        // a signal asking for more than the desired count (CPU at maxTasks, say) asks for capacity before any cordon
        boolean capacityNeededAlready = before.action() == ScaleAction.SCALE_OUT || before.reason() == ReasonCode.READMIT_FOR_CAPACITY
                || before.audit().scaleOutNeeds().max() > input.fleet().service().desiredCount();
        List<TaskState> chosen = CordonPlanner.cordon(input.fleet().tasks(), FleetObservation.of(input.fleet(), input.config(), NOW),
                input.config(), NOW, Integer.MAX_VALUE);
        Statistics.label("cordoned by the planner").collect(!chosen.isEmpty() && !capacityNeededAlready)
                .coverage(c -> c.check(true).percentage(p -> p >= 10));
        if (chosen.isEmpty() || capacityNeededAlready) {
            return;
        }
        Set<String> arns = chosen.stream().map(TaskState::taskArn).collect(Collectors.toSet());
        Decision next = pipeline.decide(input.withFleet(cordoned(input.fleet(), arns)));
        assertThat(next.action()).as(next.message()).isNotEqualTo(ScaleAction.SCALE_OUT);
        assertThat(next.reason()).as(next.message()).isNotEqualTo(ReasonCode.READMIT_FOR_CAPACITY);
    }

    private static Map<String, TaskState> byArn(DecisionInput input) {
        return input.fleet().tasks().stream().collect(Collectors.toMap(TaskState::taskArn, Function.identity()));
    }

    private static FleetSnapshot cordoned(FleetSnapshot fleet, Set<String> arns) {
        List<TaskState> tasks = fleet.tasks().stream().map(t -> !arns.contains(t.taskArn()) ? t
                : new TaskState(t.taskArn(), t.availabilityZone(), t.startedAt(), t.lifecycle(), t.healthy(), t.scaleInProtected(),
                        t.draining(), t.activeSessions(), t.lastHeartbeat(), t.lastHeartbeatSentAt(), t.cpuPercent(), t.memoryPercent(),
                        NOW, NOW.plusSeconds(3360)))
                .toList();
        return new FleetSnapshot(fleet.service(), fleet.serviceCpuPercent(), fleet.serviceMemoryPercent(), fleet.serviceMaxCpuPercent(),
                tasks);
    }

    @Provide
    Arbitrary<DecisionInput> inputs() {
        Arbitrary<TargetGroupFacts> loadBalancers = Arbitraries.of(
                new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 3600, false),
                new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 300, false),
                new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 0, false),
                new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.NLB, 300, false),
                new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.NLB, 3600, true)).injectNull(0.1);
        return configs().flatMap(config -> Combinators.combine(
                        Arbitraries.oneOf(tasks(config).list().ofMaxSize(30), busyTasks(config).list().ofMinSize(1).ofMaxSize(30)),
                        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(-3, 3))),
                        Arbitraries.oneOf(Arbitraries.doubles().between(0, 50), Arbitraries.doubles().between(0, 100)).injectNull(0.05),
                        Arbitraries.integers().between(0, 9).map(i -> i == 0),
                        loadBalancers)
                .as((tasks, offset, cpu, deployment, loadBalancer) -> {
                    List<TaskState> unique = withUniqueArns(tasks);
                    int live = (int) unique.stream().filter(t -> !t.lifecycle().isLeaving()).count();
                    int desired = Math.max(0, Math.min(config.maxTasks() + 1, live + offset));
                    return new DecisionInput(config, NOW, new FleetSnapshot(new ServiceState("demo", "svc", desired, deployment),
                            cpu, cpu, null, unique), DecisionHistory.empty(), loadBalancer);
                }));
    }

    private Arbitrary<ScalerConfig> configs() {
        return Builders.withBuilder(() -> new int[] {0, 1, 1})
                .use(Arbitraries.integers().between(0, 5)).in((b, v) -> { b[0] = v; return b; })
                .use(Arbitraries.integers().between(1, 30)).in((b, v) -> { b[1] = b[0] + v; return b; })
                .use(Arbitraries.integers().between(1, 20)).in((b, v) -> { b[2] = v; return b; })
                .build(b -> b)
                .flatMap(b -> Combinators.combine(
                                Arbitraries.doubles().between(0.3, 1.0),
                                Arbitraries.doubles().between(0.4, 0.95),
                                Arbitraries.integers().between(0, 40),
                                Arbitraries.integers().between(1, 10),
                                Arbitraries.integers().between(1, 10),
                                Arbitraries.integers().between(1, 30),
                                Arbitraries.of(ScaleInMode.CORDON, ScaleInMode.CORDON, ScaleInMode.IDLE_ONLY))
                        .as((target, scaleInShare, buffer, outStep, inStep, maxCordoned, mode) ->
                                ScalerConfig.builder(b[0], b[1], b[2])
                                        .targetSessionUtilization(target)
                                        .scaleInSessionUtilization(target * scaleInShare)
                                        .bufferIdleSlots(Math.min(buffer, b[2]))
                                        .maxScaleOutStep(Math.min(outStep, b[1]))
                                        .maxScaleInPerRun(Math.min(inStep, b[1]))
                                        .maxCordonedTasks(Math.min(maxCordoned, b[1]))
                                        .scaleInMode(mode)
                                        .cpuScaleInPercent(60)
                                        .scaleInStabilizationSeconds(0)
                                        .scaleOutCooldownSeconds(0)
                                        .build()));
    }

    private Arbitrary<TaskState> tasks(ScalerConfig config) {
        Arbitrary<Boolean> rarely = Arbitraries.integers().between(0, 9).map(i -> i == 0);
        return Builders.withBuilder(TaskDraft::new)
                .use(Arbitraries.of("us-east-1a", "us-east-1b", "us-east-1c")).in((d, v) -> { d.az = v; return d; })
                .use(Arbitraries.frequency(Tuple.of(12, TaskLifecycle.RUNNING), Tuple.of(1, TaskLifecycle.PENDING),
                        Tuple.of(1, TaskLifecycle.STOPPING))).in((d, v) -> { d.lifecycle = v; return d; })
                .use(rarely).in((d, v) -> { d.unhealthy = v; return d; })
                .use(rarely).in((d, v) -> { d.protectedTask = v; return d; })
                .use(Arbitraries.integers().between(0, 19).map(i -> i == 0)).in((d, v) -> { d.draining = v; return d; })
                .use(Arbitraries.oneOf(Arbitraries.integers().between(0, Math.max(1, config.sessionsPerTask() / 3)),
                        Arbitraries.integers().between(0, config.sessionsPerTask())).edgeCases(e -> e.add(0)))
                .in((d, v) -> { d.sessions = v; return d; })
                .use(Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.integers().between(0, 60)),
                        Tuple.of(1, Arbitraries.integers().between(0, 1200))).injectNull(0.05))
                .in((d, v) -> { d.heartbeatAgo = v; return d; })
                .use(Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(0, 240))))
                .in((d, v) -> { d.heartbeatTransitSeconds = v; return d; })
                .use(Arbitraries.integers().between(0, 5).map(i -> i == 0)).in((d, v) -> { d.cordoned = v; return d; })
                .use(Arbitraries.integers().between(0, 4000)).in((d, v) -> { d.cordonedAgo = v; return d; })
                .use(Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.integers().between(60, 3600)),
                        Tuple.of(1, Arbitraries.integers().between(-600, 0)))).in((d, v) -> { d.deadlineIn = v; return d; })
                .build(TaskDraft::build);
    }

    /** A quiet fleet of busy tasks: the situation cordoning is for (low load, no idle task to stop). */
    private Arbitrary<TaskState> busyTasks(ScalerConfig config) {
        return Combinators.combine(Arbitraries.of("us-east-1a", "us-east-1b"),
                        Arbitraries.integers().between(1, Math.max(1, config.sessionsPerTask() / 3)),
                        Arbitraries.integers().between(0, 60),
                        Arbitraries.integers().between(0, 7).map(i -> i == 0),
                        Arbitraries.integers().between(0, 3600),
                        Arbitraries.integers().between(0, 19).map(i -> i == 0))
                .as((az, sessions, heartbeatAgo, cordoned, ago, protectedTask) -> new TaskState("placeholder", az,
                        NOW.minusSeconds(7200), TaskLifecycle.RUNNING, true, protectedTask, false, cordoned ? sessions - 1 : sessions,
                        NOW.minusSeconds(heartbeatAgo), NOW.minusSeconds(heartbeatAgo), null, null, cordoned ? NOW.minusSeconds(ago) : null,
                        cordoned ? NOW.minusSeconds(ago).plusSeconds(3360) : null));
    }

    private static List<TaskState> withUniqueArns(List<TaskState> tasks) {
        List<TaskState> result = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskState t = tasks.get(i);
            result.add(new TaskState("arn:aws:ecs:us-east-1:123456789012:task/demo/t" + i, t.availabilityZone(), t.startedAt(),
                    t.lifecycle(), t.healthy(), t.scaleInProtected(), t.draining(), t.activeSessions(), t.lastHeartbeat(),
                    t.lastHeartbeatSentAt(), t.cpuPercent(), t.memoryPercent(), t.cordonedSince(), t.cordonDeadline()));
        }
        return result;
    }

    private static final class TaskDraft {
        String az;
        TaskLifecycle lifecycle;
        boolean unhealthy;
        boolean protectedTask;
        boolean draining;
        int sessions;
        Integer heartbeatAgo;
        /** How long before it was received the last heartbeat was sent (a slow delivery). */
        int heartbeatTransitSeconds;
        boolean cordoned;
        int cordonedAgo;
        int deadlineIn;

        TaskState build() {
            boolean isCordoned = cordoned && !draining;
            return new TaskState("placeholder", az, NOW.minusSeconds(7200), lifecycle, !unhealthy, protectedTask, draining, sessions,
                    heartbeatAgo == null ? null : NOW.minusSeconds(heartbeatAgo),
                    heartbeatAgo == null ? null : NOW.minusSeconds(heartbeatAgo + heartbeatTransitSeconds), null, null,
                    isCordoned ? NOW.minusSeconds(cordonedAgo) : null, isCordoned ? NOW.plusSeconds(deadlineIn) : null);
        }
    }
}
