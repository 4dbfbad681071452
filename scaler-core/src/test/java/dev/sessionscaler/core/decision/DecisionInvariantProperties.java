package dev.sessionscaler.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ScaleAction;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskState;
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

/**
 * Invariants 1 and 3 of DESIGN.md section 4 over generated fleets: configs, tasks in every
 * lifecycle, stale and missing heartbeats, protection, draining, health, metrics present or not,
 * desired counts inside and outside the bounds, and arbitrary history.
 */
class DecisionInvariantProperties {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private final DecisionPipeline pipeline = new DecisionPipeline();

    @Property(tries = 1000)
    void neverChoosesABusyUnknownProtectedDrainingOrUnhealthyVictim(@ForAll("inputs") DecisionInput input) {
        Decision decision = pipeline.decide(input);

        Map<String, TaskState> byArn = input.fleet().tasks().stream()
                .collect(Collectors.toMap(TaskState::taskArn, Function.identity()));
        int staleness = input.config().heartbeatStalenessSeconds();
        for (String victim : decision.victims()) {
            TaskState task = byArn.get(victim);
            assertThat(task).as("victim is a task of the fleet").isNotNull();
            assertThat(task.activeSessions()).as("victim has no sessions").isZero();
            assertThat(task.lastHeartbeat()).as("victim's sessions are known").isNotNull();
            assertThat(task.lastHeartbeat()).as("victim's heartbeat is fresh")
                    .isAfterOrEqualTo(input.now().minusSeconds(staleness));
            assertThat(task.scaleInProtected()).as("victim is not protected").isFalse();
            assertThat(task.draining()).as("victim is not already draining").isFalse();
            assertThat(task.healthy()).as("victim is healthy").isTrue();
            assertThat(task.lifecycle()).as("victim is running").isEqualTo(TaskLifecycle.RUNNING);
        }
        assertThat(new HashSet<>(decision.victims())).as("victims are distinct").hasSameSizeAs(decision.victims());
    }

    @Property(tries = 1000)
    void desiredCountStaysInBoundsAndStepsStayWithinLimits(@ForAll("inputs") DecisionInput input) {
        Decision decision = pipeline.decide(input);
        ScalerConfig config = input.config();
        int current = input.fleet().service().desiredCount();
        int desired = decision.desiredCount();

        switch (decision.action()) {
            case NONE -> assertThat(desired).isEqualTo(current);
            case SCALE_OUT -> {
                assertThat(desired).isGreaterThan(current).isLessThanOrEqualTo(config.maxTasks());
                assertThat(desired - current).as("scale-out step")
                        .isLessThanOrEqualTo(Math.max(config.maxScaleOutStep(), config.minTasks() - current));
            }
            case SCALE_IN -> {
                assertThat(desired).isLessThan(current).isGreaterThanOrEqualTo(config.minTasks());
                assertThat(current - desired).as("scale-in step").isLessThanOrEqualTo(config.maxScaleInPerRun());
                assertThat(decision.victims()).as("one victim per task removed").hasSize(current - desired);
            }
        }
        if (decision.action() != ScaleAction.SCALE_IN) {
            assertThat(decision.victims()).isEmpty();
        }
        if (current >= config.minTasks() && current <= config.maxTasks()) {
            assertThat(desired).as("a service inside its bounds stays inside")
                    .isBetween(config.minTasks(), config.maxTasks());
            assertThat(desired - current).as("scale-out step from inside the bounds")
                    .isLessThanOrEqualTo(config.maxScaleOutStep());
        }
        if (current < config.minTasks()) {
            assertThat(desired).as("below min is raised to at least min").isGreaterThanOrEqualTo(config.minTasks());
        }
    }

    @Property(tries = 1000)
    void scaleInNeverHappensDuringADeploymentOrWithoutMetrics(@ForAll("inputs") DecisionInput input) {
        Decision decision = pipeline.decide(input);
        FleetSnapshot fleet = input.fleet();
        if (fleet.service().deploymentInProgress()) {
            assertThat(decision.action()).isNotEqualTo(ScaleAction.SCALE_IN);
        }
        boolean withinBounds = fleet.service().desiredCount() <= input.config().maxTasks();
        if (withinBounds && (fleet.serviceCpuPercent() == null || fleet.serviceMemoryPercent() == null)) {
            assertThat(decision.action()).as("unknown metrics never read as idle").isNotEqualTo(ScaleAction.SCALE_IN);
        }
    }

    /**
     * Item 15 of the safety issue: extreme values for every field (every bound ECS and the contract allow,
     * impossible session counts, absurd metrics) never wrap an arithmetic result around. A service whose
     * CPU is far above its target and whose every desired task runs is scaled out (or held at maxTasks),
     * never scaled in, and bounds hold.
     */
    @Property(tries = 1000)
    void extremeValuesNeverFlipADecision(@ForAll("extremeInputs") DecisionInput input) {
        Decision decision = pipeline.decide(input);
        ScalerConfig config = input.config();
        FleetSnapshot fleet = input.fleet();
        int current = fleet.service().desiredCount();
        long running = fleet.tasks().stream().filter(t -> t.lifecycle() == TaskLifecycle.RUNNING).count();

        assertThat(decision.desiredCount()).as("never negative").isGreaterThanOrEqualTo(0);
        if (current >= config.minTasks() && current <= config.maxTasks()) {
            assertThat(decision.desiredCount()).isBetween(config.minTasks(), config.maxTasks());
            assertThat((long) decision.desiredCount() - current).isBetween((long) -config.maxScaleInPerRun(),
                    (long) config.maxScaleOutStep());
        }
        Double cpu = fleet.serviceCpuPercent();
        if (cpu != null && cpu >= config.cpuScaleInPercent() && current <= config.maxTasks()) {
            assertThat(decision.action()).as("CPU is not low: " + decision.message()).isNotEqualTo(ScaleAction.SCALE_IN);
        }
        boolean hot = cpu != null && cpu >= 2 * config.cpuTargetPercent();
        if (hot && running >= current && current >= 1 && current < config.maxTasks() && current >= config.minTasks()) {
            assertThat(decision.action()).as("CPU far above target: " + decision.message()).isEqualTo(ScaleAction.SCALE_OUT);
        }
    }

    @Provide
    Arbitrary<DecisionInput> extremeInputs() {
        Arbitrary<ScalerConfig> configs = Combinators.combine(
                        Arbitraries.of(0, 1, 2, 4999, 5000),
                        Arbitraries.of(1, 2, 5000),
                        Arbitraries.of(1, 2, 1000),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        Arbitraries.of(60, 86_400),
                        Arbitraries.of(0, 86_400),
                        Arbitraries.of(0.01, 1.0))
                .as((min, max, slots, maxSteps, maxBuffer, staleness, damping, target) -> {
                    int upper = Math.max(min, max);
                    return ScalerConfig.builder(min, upper, slots)
                            .maxScaleOutStep(maxSteps ? upper : 1)
                            .maxScaleInPerRun(maxSteps ? Math.min(upper, 100) : 1)
                            .bufferIdleSlots(maxBuffer ? upper * slots : 0)
                            .heartbeatStalenessSeconds(staleness)
                            .scaleInStabilizationSeconds(damping)
                            .scaleOutCooldownSeconds(damping)
                            .targetSessionUtilization(target)
                            .scaleInSessionUtilization(target / 2)
                            .cpuTargetPercent(target * 100)
                            .cpuScaleInPercent(target * 50)
                            .hotTaskCpuPercent(100)
                            .build();
                });
        Arbitrary<Double> percent = Arbitraries.of(0.0, 100.0, 1e6, Double.MAX_VALUE).injectNull(0.1);
        Arbitrary<TaskState> tasks = Combinators.combine(
                        Arbitraries.of(0, 1, 1000, 1_000_000),
                        Arbitraries.of(TaskLifecycle.RUNNING, TaskLifecycle.RUNNING, TaskLifecycle.PENDING),
                        percent,
                        Arbitraries.of(NOW, NOW.minusSeconds(86_400 * 365L), NOW.plusSeconds(86_400 * 365L)).injectNull(0.1))
                .as((sessions, lifecycle, taskCpu, beat) -> new TaskState("placeholder", "us-east-1a", NOW.minusSeconds(3600),
                        lifecycle, true, false, false, sessions, beat, taskCpu, taskCpu));
        return configs.flatMap(config -> Combinators.combine(
                        tasks.list().ofMaxSize(30),
                        Arbitraries.of(0, 1, 2, 4999, 5000),
                        percent, percent, percent, histories())
                .as((list, desired, cpu, memory, maxCpu, history) -> new DecisionInput(config, NOW,
                        new FleetSnapshot(new ServiceState("demo", "svc", desired, false), cpu, memory, maxCpu,
                                withUniqueArns(list)), history)));
    }

    @Provide
    Arbitrary<DecisionInput> inputs() {
        return configs().flatMap(config -> Combinators.combine(
                        tasks(config).list().ofMaxSize(40),
                        Arbitraries.integers().between(0, 70),
                        Arbitraries.doubles().between(0, 130).injectNull(0.1),
                        Arbitraries.doubles().between(0, 130).injectNull(0.1),
                        Arbitraries.integers().between(0, 4).map(i -> i == 0),
                        histories())
                .as((tasks, desired, cpu, memory, deployment, history) -> new DecisionInput(config, NOW,
                        new FleetSnapshot(new ServiceState("demo", "svc", desired, deployment),
                                cpu, memory, withUniqueArns(tasks)), history)));
    }

    private static List<TaskState> withUniqueArns(List<TaskState> tasks) {
        List<TaskState> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskState t = tasks.get(i);
            String arn = "arn:aws:ecs:us-east-1:123456789012:task/demo/t" + i;
            if (seen.add(arn)) {
                result.add(new TaskState(arn, t.availabilityZone(), t.startedAt(), t.lifecycle(), t.healthy(),
                        t.scaleInProtected(), t.draining(), t.activeSessions(), t.lastHeartbeat(), t.cpuPercent(),
                        t.memoryPercent()));
            }
        }
        return result;
    }

    private Arbitrary<ScalerConfig> configs() {
        return Builders.withBuilder(() -> new int[] {0, 1, 1})
                .use(Arbitraries.integers().between(0, 20)).in((b, v) -> { b[0] = v; return b; })
                .use(Arbitraries.integers().between(0, 40)).in((b, v) -> { b[1] = b[0] + v; return b; })
                .use(Arbitraries.integers().between(1, 30)).in((b, v) -> { b[2] = v; return b; })
                .build(b -> b)
                .flatMap(b -> Combinators.combine(
                                Arbitraries.doubles().between(0.2, 1.0),
                                Arbitraries.doubles().between(0.0, 0.95),
                                Arbitraries.integers().between(0, 60),
                                Arbitraries.integers().between(1, 10),
                                Arbitraries.integers().between(1, 10),
                                Arbitraries.integers().between(60, 900),
                                Arbitraries.of(0, 60, 300, 900),
                                Arbitraries.of(true, false))
                        .as((target, scaleInShare, buffer, outStep, inStep, staleness, damping, dryRun) ->
                                ScalerConfig.builder(b[0], Math.max(1, b[1]), b[2])
                                        .targetSessionUtilization(target)
                                        .scaleInSessionUtilization(target * scaleInShare)
                                        .bufferIdleSlots(Math.min(buffer, Math.max(1, b[1]) * b[2]))
                                        .maxScaleOutStep(Math.min(outStep, Math.max(1, b[1])))
                                        .maxScaleInPerRun(Math.min(inStep, Math.max(1, b[1])))
                                        .heartbeatStalenessSeconds(staleness)
                                        .scaleInStabilizationSeconds(damping)
                                        .scaleOutCooldownSeconds(damping)
                                        .dryRun(dryRun)
                                        .build()));
    }

    private Arbitrary<TaskState> tasks(ScalerConfig config) {
        Arbitrary<Instant> heartbeat = Arbitraries.integers().between(-30, 1200)
                .map(ago -> NOW.minusSeconds(ago)).injectNull(0.15);
        Arbitrary<Instant> started = Arbitraries.integers().between(0, 100_000)
                .map(ago -> NOW.minusSeconds(ago)).injectNull(0.05);
        Arbitrary<Boolean> rarely = Arbitraries.integers().between(0, 9).map(i -> i == 0);
        return Builders.withBuilder(TaskDraft::new)
                .use(Arbitraries.of("us-east-1a", "us-east-1b", "us-east-1c")).in((d, v) -> { d.az = v; return d; })
                .use(started).in((d, v) -> { d.started = v; return d; })
                .use(Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(8, TaskLifecycle.RUNNING),
                        net.jqwik.api.Tuple.of(1, TaskLifecycle.PENDING),
                        net.jqwik.api.Tuple.of(1, TaskLifecycle.STOPPING),
                        net.jqwik.api.Tuple.of(1, TaskLifecycle.PROVISIONING))).in((d, v) -> { d.lifecycle = v; return d; })
                .use(rarely).in((d, v) -> { d.healthy = !v; return d; })
                .use(rarely).in((d, v) -> { d.protectedTask = v; return d; })
                .use(rarely).in((d, v) -> { d.draining = v; return d; })
                .use(Arbitraries.integers().between(0, config.sessionsPerTask() + 2)
                        .withDistribution(net.jqwik.api.RandomDistribution.biased())
                        .edgeCases(e -> e.add(0))).in((d, v) -> { d.sessions = v; return d; })
                .use(heartbeat).in((d, v) -> { d.heartbeat = v; return d; })
                .use(Arbitraries.doubles().between(0, 120).injectNull(0.3)).in((d, v) -> { d.cpu = v; return d; })
                .build(TaskDraft::build);
    }

    private Arbitrary<DecisionHistory> histories() {
        Arbitrary<Instant> past = Arbitraries.integers().between(0, 3600).map(ago -> NOW.minusSeconds(ago)).injectNull(0.4);
        return Combinators.combine(past, past, past).as(DecisionHistory::new);
    }

    private static final class TaskDraft {
        String az;
        Instant started;
        TaskLifecycle lifecycle;
        boolean healthy;
        boolean protectedTask;
        boolean draining;
        int sessions;
        Instant heartbeat;
        Double cpu;

        TaskState build() {
            return new TaskState("placeholder", az, started, lifecycle, healthy, protectedTask, draining, sessions,
                    heartbeat, cpu, null);
        }
    }
}
