package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.ScalerConfig;

import dev.sessionscaler.core.policy.LearnedFloor;

import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.decision.DecisionPipeline;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ScaleAction;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.policy.FleetAssembler;
import dev.sessionscaler.core.policy.ReportedUsage;
import dev.sessionscaler.core.policy.VictimPlanner;
import dev.sessionscaler.core.port.DecisionStateStore;
import dev.sessionscaler.core.port.FleetReader;
import dev.sessionscaler.core.port.Lease;
import dev.sessionscaler.core.port.MetricsReader;
import dev.sessionscaler.core.port.ScaleLedgerStore;
import dev.sessionscaler.core.port.TargetGroupReader;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.core.port.WorkflowStarter;
import dev.sessionscaler.core.runtime.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One analyzer run: for each managed service, reconcile what executions left behind ({@link Reconciler}), read ECS,
 * the session store and CloudWatch, decide, and start the scale workflow, holding the service's lease
 * (invariant 4). A service that fails is reported and the others still run.
 */
public final class Analyzer {

    /** What happened to a decision. */
    public enum Status { NOTHING_TO_DO, DRY_RUN, STARTED, ALREADY_STARTED, ALREADY_FINISHED, LEASE_HELD, RECOVERING, PAUSED,
        /** Not decided within the run's time; decided again the next minute (not a failure: retrying the run would only add load). */
        LATE,
        FAILED }

    public record Outcome(ServiceRef service, Decision decision, Status status, String executionName, String error) {
    }

    /**
     * The ports one run uses.
     *
     * @param pause the analyzer pause: while someone holds it for a service (an integration test driving the service), the
     *              analyzer reads, decides and starts nothing for that service
     */
    public record Ports(FleetReader fleet, MetricsReader metrics, SessionStore sessions, DecisionStateStore decisions,
                       Lease lease, WorkflowStarter workflow, ScaleLedgerStore ledger, TargetGroupReader targetGroups,
                       Lease pause) {
        /** Without a pause: for runs nothing ever pauses (the simulator, unit tests). */
        public Ports(FleetReader fleet, MetricsReader metrics, SessionStore sessions, DecisionStateStore decisions,
                     Lease lease, WorkflowStarter workflow, ScaleLedgerStore ledger, TargetGroupReader targetGroups) {
            this(fleet, metrics, sessions, decisions, lease, workflow, ledger, targetGroups, new InMemoryLease());
        }
    }

    private final List<ManagedService> services;
    private final Ports ports;
    private final Duration leaseDuration;
    private final Clock clock;
    private final StructuredLog log;
    private final EmfMetrics metrics;
    private final Reconciler reconciler;
    private final FanOut fanOut;

    /** One service after the other (the simulator and the tests: deterministic). */
    public Analyzer(List<ManagedService> services, Ports ports, Duration leaseDuration, Clock clock, StructuredLog log,
                    EmfMetrics metrics) {
        this(services, ports, leaseDuration, clock, log, metrics, FanOut.SEQUENTIAL);
    }

    /** @param fanOut how many services are decided at once, and the time a run has (the deployed analyzer: {@link FanOut}) */
    public Analyzer(List<ManagedService> services, Ports ports, Duration leaseDuration, Clock clock, StructuredLog log,
                    EmfMetrics metrics, FanOut fanOut) {
        this.services = List.copyOf(services);
        this.ports = ports;
        this.leaseDuration = leaseDuration;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
        this.reconciler = new Reconciler(ports.lease(), ports.ledger(), ports.workflow(), leaseDuration, log);
        this.fanOut = fanOut;
    }

    /**
     * Decides every managed service, each on its own: one that fails or is slow is reported and the others go on. With a
     * {@link FanOut} of several workers, services are decided concurrently, in an order shuffled by the minute (so none is
     * always last), and one not decided within the run's time is cancelled and reported LATE; the next minute decides it
     * again. Exactly once a minute per service still holds: execution names come from the minute and
     * the service's lease admits one workflow at a time.
     *
     * @param scheduledTime the schedule's minute: retries of one invocation share it, and so execution names
     */
    public List<Outcome> run(Instant scheduledTime) {
        List<Outcome> outcomes = fanOut.run(ordered(scheduledTime), service -> analyzeOrReport(service, scheduledTime),
                this::late, (service, why) -> failed(service, new IllegalStateException(why)));
        Map<ServiceRef, Outcome> byService = new java.util.HashMap<>();
        outcomes.forEach(o -> byService.put(o.service(), o));
        metrics.publishRun(scheduledTime, (int) outcomes.stream()
                .filter(o -> o.status() == Status.LATE || o.status() == Status.FAILED).count());
        return services.stream().map(s -> byService.get(s.ref())).toList();  // reported in the configured order
    }

    /**
     * The order services are taken in: as configured when there is no time limit; otherwise shuffled by the minute, so
     * that when not all fit in a run, the ones left out differ from minute to minute rather than always being the same
     * (and retries of a minute take the same order).
     */
    private List<ManagedService> ordered(Instant scheduledTime) {
        if (fanOut.budget() == null) {
            return services;
        }
        List<ManagedService> order = new ArrayList<>(services);
        java.util.Collections.shuffle(order, new java.util.Random(mixed(scheduledTime.getEpochSecond() / 60)));
        return order;
    }

    /**
     * The minute, its bits spread (SplitMix64's finalizer): {@link java.util.Random} seeded with consecutive numbers draws
     * nearly the same first value, and the shuffle's first draw picks the last place.
     */
    static long mixed(long minute) {
        long z = minute + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Outcome late(ManagedService service, String why) {
        log.warn("not decided this minute", Map.of("service", service.ref().key(), "reason", why));
        return new Outcome(service.ref(), null, Status.LATE, null, why);
    }

    private Outcome analyzeOrReport(ManagedService service, Instant scheduledTime) {
        try {
            return analyze(service, scheduledTime);
        } catch (RuntimeException e) {
            return failed(service, e);
        }
    }

    private Outcome failed(ManagedService service, RuntimeException e) {
        log.error("analysis failed; nothing was started", Map.of("service", service.ref().key(), "reason", e.toString()));
        return new Outcome(service.ref(), null, Status.FAILED, null, e.toString());
    }

    private Outcome analyze(ManagedService service, Instant scheduledTime) {
        ServiceRef ref = service.ref();
        Instant now = clock.instant();
        Optional<Lease.Held> pause = ports.pause().current(ref).filter(p -> p.until().isAfter(now));
        if (pause.isPresent()) {
            log.info("paused; this service is left alone", Map.of("service", ref.key(), "pausedBy", pause.get().holder(),
                    "until", pause.get().until().toString()));
            return new Outcome(ref, null, Status.PAUSED, pause.get().holder(), null);
        }
        Reconciler.Result reconciled = reconciler.reconcile(ref, scheduledTime, now);
        ServiceFleet ecs = ports.fleet().read(ref);
        Map<String, TaskSessions> sessions = ports.sessions().taskSessions(ref);
        purgeGoneTasks(ref, ecs, sessions, reconciled.ledger());
        // the tasks' own reports when they cover every running task; otherwise CloudWatch (billed per metric read)
        ServiceMetrics usage = ReportedUsage.of(ecs, sessions, service.config(), now).orElseGet(() -> orUnknown(ref,
                "CloudWatch metrics", () -> ports.metrics().read(ref, List.of(), now), UNKNOWN_METRICS));
        FleetSnapshot fleet = FleetAssembler.assemble(ecs, usage, sessions, reconciled.ledger().marks());
        DecisionHistory history = ports.decisions().loadHistory(ref);
        TargetGroupFacts loadBalancer = service.targetGroupArn() == null ? null
                : orUnknown(ref, "the target group", () -> ports.targetGroups().facts(service.targetGroupArn()), null);
        DecisionInput input = new DecisionInput(service.config(), now, fleet, history, loadBalancer);
        if (service.config().predictiveFloor()) {
            input = input.withLearnedFloor(learnedFloor(ref, fleet, now, service.config()));
        }
        Decision decision = withProtectionKnown(input);
        Outcome outcome = act(ref, decision, scheduledTime, now, reconciled);
        Decision recorded = outcome.status() == Status.STARTED || outcome.status() == Status.ALREADY_STARTED
                ? decision : withoutActionInHistory(decision, history);
        ports.decisions().record(ref, recorded);
        logDecision(outcome);
        metrics.publish(decision);
        return outcome;
    }

    /** No datapoint for anything: the rules never read it as idle, so nothing scales in on it. */
    private static final ServiceMetrics UNKNOWN_METRICS = new ServiceMetrics(null, null, null, Map.of());

    /**
     * A read the decision can do without: metrics (unknown blocks scale-in) and the target group's facts (unknown blocks
     * new cordons). Failing the whole run on them would also hold back a readmission whose deadline has come, which
     * needs only ECS and the ledger (invariant 7).
     */
    private <T> T orUnknown(ServiceRef ref, String what, java.util.function.Supplier<T> read, T unknown) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            log.warn("could not read " + what + "; deciding without it", Map.of("service", ref.key(), "reason", e.toString()));
            return unknown;
        }
    }

    /**
     * Remembers this minute's sessions for the half hour of the week, and reads what past weeks needed around now. A
     * failed write only loses this minute's memory; a failed read is doubt, and doubt keeps capacity: the current count
     * is held as the floor (no scale-in, no cordon) until the peaks can be read again.
     */
    private LearnedFloor.Floor learnedFloor(ServiceRef ref, FleetSnapshot fleet, Instant now, ScalerConfig config) {
        try {
            ports.decisions().recordPeak(ref, now, fleet.tasks().stream().mapToInt(TaskState::activeSessions).sum());
        } catch (RuntimeException e) {
            log.warn("could not record this minute's sessions for the learned floor", Map.of("service", ref.key(), "reason", e.toString()));
        }
        List<LearnedFloor.Peaks> peaks = orUnknown(ref, "the learned floor's peaks", () -> ports.decisions().peaks(ref,
                LearnedFloor.slotsAhead(now)), null);
        if (peaks != null) {
            return LearnedFloor.floor(peaks, now, config);
        }
        // hold the tasks in service, not the desired count: that one counts the cordoned tasks too, and holding it would
        // readmit every cordon (invariant 9 is about the tasks in service)
        long cordoned = fleet.tasks().stream().filter(t -> t.cordoned() && !t.lifecycle().isLeaving()).count();
        return LearnedFloor.holding(fleet.service().desiredCount() - (int) cordoned, config);
    }

    /**
     * Task protection costs a call per 10 tasks, so it is read only for the tasks a decision would stop, drain, cordon
     * or retire; a decision that chose a protected task is made again knowing it (a few rounds at most).
     */
    private Decision withProtectionKnown(DecisionInput input) {
        DecisionPipeline pipeline = new DecisionPipeline();  // one per service decided: runs may be concurrent
        Decision decision = pipeline.decide(input);
        Set<String> known = new HashSet<>();
        Set<String> protectedTasks = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            List<String> chosen = new ArrayList<>(decision.victims());
            chosen.addAll(decision.cordon());
            chosen.addAll(decision.retire());
            chosen.removeAll(known);
            if (chosen.isEmpty()) {
                return decision;
            }
            known.addAll(chosen);
            protectedTasks.addAll(ports.fleet().protectedAmong(input.fleet().service().ref(), chosen));
            FleetSnapshot fleet = input.fleet();
            List<TaskState> tasks = fleet.tasks().stream()
                    .map(t -> protectedTasks.contains(t.taskArn()) ? t.withProtection(true) : t).toList();
            decision = pipeline.decide(input.withFleet(new FleetSnapshot(fleet.service(), fleet.serviceCpuPercent(),
                    fleet.serviceMemoryPercent(), fleet.serviceMaxCpuPercent(), tasks)));
        }
        return decision;
    }

    private Outcome act(ServiceRef ref, Decision decision, Instant scheduledTime, Instant now, Reconciler.Result reconciled) {
        if (reconciled.recovery() != null) {
            return new Outcome(ref, decision, Status.RECOVERING, reconciled.recovery(), null);
        }
        if (decision.action() == ScaleAction.NONE) {
            return new Outcome(ref, decision, Status.NOTHING_TO_DO, null, null);
        }
        // a dry run starts nothing, except putting back tasks cordoned before it began: it never leaves a cordon behind
        ScaleEvent event = !decision.dryRun() ? event(ref, decision) : decision.readmit().isEmpty() ? null
                : new ScaleEvent.TaskAction("readmit", ref.cluster(), ref.service(), decision.readmit(),
                        "dry run: " + decision.reason().name() + ": " + decision.message());
        if (event == null) {
            return new Outcome(ref, decision, Status.DRY_RUN, null, null);
        }
        String name = ExecutionNames.of(ref, scheduledTime);
        // a retried invocation for this minute finds its own execution holding the lease, and goes on to find it started
        if (reconciled.liveHolder() != null && !reconciled.liveHolder().equals(name)
                || !ports.lease().tryAcquire(ref, name, now, leaseDuration)) {
            return new Outcome(ref, decision, Status.LEASE_HELD, reconciled.liveHolder() != null ? reconciled.liveHolder() : name, null);
        }
        // If starting fails the lease is kept on purpose: the execution may have started after all, and a
        // retried invocation for this minute re-takes the lease by name. The lease expires otherwise.
        return switch (ports.workflow().start(event, name)) {
            case STARTED -> new Outcome(ref, decision, Status.STARTED, name, null);
            case ALREADY_RUNNING -> new Outcome(ref, decision, Status.ALREADY_STARTED, name, null);
            case ALREADY_FINISHED -> {
                // this minute's execution has run and released its lease; the retry re-took it: give it back
                ports.lease().release(ref, name);
                yield new Outcome(ref, decision, Status.ALREADY_FINISHED, name, null);
            }
        };
    }

    private static ScaleEvent event(ServiceRef ref, Decision decision) {
        String reason = decision.reason().name() + ": " + decision.message();
        return switch (decision.action()) {
            case SCALE_OUT -> new ScaleEvent.ScaleOut(ref.cluster(), ref.service(), decision.desiredCount(), decision.readmit(), reason);
            case SCALE_IN -> new ScaleEvent.ScaleIn(ref.cluster(), ref.service(), decision.victims(), reason);
            case CORDON -> new ScaleEvent.TaskAction("cordon", ref.cluster(), ref.service(), decision.cordon(), reason);
            case READMIT -> new ScaleEvent.TaskAction("readmit", ref.cluster(), ref.service(), decision.readmit(), reason);
            case RETIRE -> new ScaleEvent.TaskAction("retire", ref.cluster(), ref.service(), decision.retire(), reason);
            case NONE -> throw new IllegalStateException("nothing to start for a decision without action");
        };
    }

    /** Nothing was started, so the history must not say a scale happened (cooldowns would be wrong). */
    private static Decision withoutActionInHistory(Decision decision, DecisionHistory before) {
        return decision.withHistory(new DecisionHistory(decision.history().lowSince(), before.lastScaleOutAt(), before.lastScaleInAt()));
    }

    /**
     * Reconciliation: sessions of tasks ECS no longer runs are purged, so they never count again, and so are the marks of
     * cordons at rest on such tasks (a cordoned task that crashed). Marks an execution holds are its recovery's to undo.
     */
    private void purgeGoneTasks(ServiceRef ref, ServiceFleet ecs, Map<String, TaskSessions> sessions, ScaleLedger ledger) {
        Set<String> live = new HashSet<>();
        ecs.tasks().forEach(t -> live.add(t.taskArn()));
        ledger.marks().stream().filter(m -> !m.held() && !live.contains(m.taskArn()))
                .forEach(m -> ports.ledger().deleteMark(ref, m));
        if (!live.containsAll(sessions.keySet())) {
            int purged = ports.sessions().purgeTasksNotIn(ref, live);
            sessions.keySet().retainAll(live);
            log.info("purged sessions of stopped tasks", Map.of("service", ref.key(), "tasks", purged));
        }
    }

    private void logDecision(Outcome outcome) {
        Decision d = outcome.decision();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("service", outcome.service().key());
        fields.put("action", d.action());
        fields.put("desiredBefore", d.audit().desiredBefore());
        fields.put("desiredCount", d.desiredCount());
        fields.put("reason", d.reason());
        fields.put("victims", d.victims());
        fields.put("status", outcome.status());
        fields.put("executionName", outcome.executionName());
        fields.put("dryRun", d.dryRun());
        fields.put("detail", d.message());
        log.info("decision", fields);
    }
}
