package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.ManagedService;
import static dev.sessionscaler.analyzer.Fakes.NOW;
import static dev.sessionscaler.analyzer.Fakes.SCHEDULED;
import static dev.sessionscaler.analyzer.Fakes.arn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ScaleAction;
import dev.sessionscaler.core.model.TaskMark;
import dev.sessionscaler.core.port.WorkflowStarter;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.runtime.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
    static final ServiceRef RDP = new ServiceRef("demo", "rdp");
    static final ServiceRef VNC = new ServiceRef("demo", "vnc");
    static final ScalerConfig CONFIG = ScalerConfig.builder(1, 10, 10).bufferIdleSlots(0)
            .scaleInStabilizationSeconds(0).scaleOutCooldownSeconds(0).build();
    private static LocalDynamoDb dynamo;

    private final Fakes.Ecs ecs = new Fakes.Ecs();
    private final Fakes.Metrics metrics = new Fakes.Metrics();
    private final Fakes.Sessions sessions = new Fakes.Sessions();
    private final Fakes.Decisions decisions = new Fakes.Decisions();
    private final Fakes.StepFunctions stepFunctions = new Fakes.StepFunctions();
    private final InMemoryScaleLedger ledger = new InMemoryScaleLedger();
    private static final dev.sessionscaler.core.drain.TargetGroupFacts ALB_3600 =
            new dev.sessionscaler.core.drain.TargetGroupFacts(dev.sessionscaler.core.drain.TargetGroupFacts.LoadBalancerKind.ALB, 3600, false);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private DynamoDbLease lease;
    private DynamoDbLease pause;

    @BeforeAll
    static void start() {
        dynamo = new LocalDynamoDb();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @BeforeEach
    void freshLease() {
        String table = dynamo.newTable();
        lease = new DynamoDbLease(dynamo.client, table);
        pause = new DynamoDbLease(dynamo.client, table, StateTableLayout.PAUSE);
    }

    private dev.sessionscaler.core.port.TargetGroupReader targetGroups = arn -> ALB_3600;

    private Analyzer analyzer(ManagedService... services) {
        return analyzerAt(NOW, services);
    }

    private Analyzer analyzerAt(java.time.Instant now, ManagedService... services) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        return new Analyzer(List.of(services), new Analyzer.Ports(ecs, metrics, sessions, decisions, lease, stepFunctions, ledger, targetGroups,
                        pause), Duration.ofHours(1), clock, new StructuredLog(out, clock), new EmfMetrics(out));
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }

    private void busyFleet() {
        ecs.service(RDP, 2, "a", "b");
        sessions.task("a", 9).task("b", 9);
    }

    @Test
    void scaleOutStartsOneWorkflowUnderTheServicesLease() throws Exception {
        busyFleet();

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(outcome.status()).isEqualTo(Analyzer.Status.STARTED);
        assertThat(outcome.executionName()).isEqualTo("demo-rdp-20260101T1000Z");
        assertThat(stepFunctions.executions).containsOnlyKeys("demo-rdp-20260101T1000Z");
        ScaleEvent.ScaleOut event = (ScaleEvent.ScaleOut) stepFunctions.executions.get("demo-rdp-20260101T1000Z");
        assertThat(event.desiredCount()).isEqualTo(outcome.decision().desiredCount()).isEqualTo(3);
        assertThat(lease.tryAcquire(RDP, "someone-else", NOW, Duration.ofMinutes(1))).as("the lease is held").isFalse();
        assertThat(decisions.histories.get(RDP).lastScaleOutAt()).isEqualTo(NOW);

        List<JsonNode> lines = lines();
        JsonNode decision = lines.stream().filter(l -> "decision".equals(l.path("message").asText())).findFirst().orElseThrow();
        assertThat(decision.get("status").asText()).isEqualTo("STARTED");
        assertThat(decision.get("reason").asText()).isEqualTo("SCALE_OUT_SESSIONS");
        JsonNode emf = lines.stream().filter(l -> l.has("_aws")).findFirst().orElseThrow();
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("SessionScaler");
        assertThat(emf.get("ActiveSessions").asInt()).isEqualTo(18);
        assertThat(emf.get("DesiredTasks").asInt()).isEqualTo(2);
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"))
                .as("counts of trouble are published only when there is some (CloudWatch bills a metric by the hours it gets data)")
                .containsExactly("DesiredTasks", "RunningTasks", "ActiveSessions", "IdleSlots");
        assertThat(emf.has("BlockedScaleIns")).isFalse();
        assertThat(lines.stream().filter(l -> l.has("ServicesNotDecided"))).as("every service was decided").isEmpty();
    }

    @Test
    void aScaleInBlockedBySessionsPublishesThatCount() throws Exception {
        ecs.service(RDP, 3, "a", "b", "c");
        sessions.task("a", 1).task("b", 1).task("c", 1);
        metrics.metrics = new dev.sessionscaler.core.model.ServiceMetrics(5.0, 5.0, 8.0, java.util.Map.of());

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(outcome.decision().reason()).as("no idle task, and no load balancer to cordon behind")
                .isEqualTo(dev.sessionscaler.core.model.ReasonCode.CORDON_UNAVAILABLE);
        JsonNode emf = lines().stream().filter(l -> l.has("_aws")).findFirst().orElseThrow();
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name")).contains("BlockedScaleIns");
        assertThat(emf.get("BlockedScaleIns").asInt()).isEqualTo(1);
    }

    @Test
    void aPausedServiceIsLeftAloneUntilThePauseIsReleasedOrExpiresAndOtherServicesGoOn() {
        ecs.service(RDP, 2, "a", "b");
        ecs.service(VNC, 2, "c", "d");
        sessions.task("a", 9).task("b", 9).task("c", 9).task("d", 9);
        assertThat(pause.tryAcquire(RDP, "it-scale-out", NOW.minusSeconds(60), Duration.ofMinutes(30))).isTrue();

        List<Analyzer.Outcome> paused = analyzer(new ManagedService(RDP, CONFIG), new ManagedService(VNC, CONFIG)).run(SCHEDULED);

        assertThat(paused.get(0).status()).isEqualTo(Analyzer.Status.PAUSED);
        assertThat(paused.get(0).executionName()).isEqualTo("it-scale-out");
        assertThat(paused.get(1).status()).isEqualTo(Analyzer.Status.STARTED);
        assertThat(stepFunctions.executions).containsOnlyKeys("demo-vnc-20260101T1000Z");
        assertThat(decisions.histories).doesNotContainKey(RDP);
        assertThat(lease.current(RDP)).as("the workflow lease is another item").isEmpty();

        // a test that died leaves its pause to expire: the analyzer takes the service back then
        Analyzer.Outcome afterExpiry = analyzerAt(NOW.plus(Duration.ofMinutes(31)), new ManagedService(RDP, CONFIG))
                .run(SCHEDULED.plus(Duration.ofMinutes(31))).get(0);
        assertThat(afterExpiry.status()).isNotEqualTo(Analyzer.Status.PAUSED);
        assertThat(afterExpiry.decision()).as("decided again").isNotNull();

        pause.tryAcquire(VNC, "it-cordon", NOW, Duration.ofMinutes(30));
        pause.release(VNC, "it-cordon");
        assertThat(analyzer(new ManagedService(VNC, CONFIG)).run(SCHEDULED.plusSeconds(120)).get(0).status())
                .as("released").isNotEqualTo(Analyzer.Status.PAUSED);
    }

    /** RDP and VNC decided by two workers within {@code budget}, reading ECS through {@code fleet}. */
    private Analyzer rdpAndVncTwoAtATime(dev.sessionscaler.core.port.FleetReader fleet, Duration budget) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        return new Analyzer(List.of(new ManagedService(RDP, CONFIG), new ManagedService(VNC, CONFIG)),
                new Analyzer.Ports(fleet, metrics, sessions, decisions, lease, stepFunctions, ledger, targetGroups, pause),
                Duration.ofHours(1), clock, new StructuredLog(out, clock), new EmfMetrics(out), new FanOut(2, budget));
    }

    @Test
    void concurrentServicesAreEachDecidedOnceAndTheOrderOfOutcomesIsTheConfiguredOne() {
        ecs.service(RDP, 2, "a", "b");
        ecs.service(VNC, 2, "c", "d");
        sessions.task("a", 9).task("b", 9).task("c", 9).task("d", 9).owned(RDP, "a", "b").owned(VNC, "c", "d");
        Analyzer concurrent = rdpAndVncTwoAtATime(ecs, Duration.ofSeconds(30));

        List<Analyzer.Outcome> outcomes = concurrent.run(SCHEDULED.plusSeconds(60));

        assertThat(outcomes).extracting(Analyzer.Outcome::service).containsExactly(RDP, VNC);
        assertThat(outcomes).extracting(Analyzer.Outcome::status).containsOnly(Analyzer.Status.STARTED);
        assertThat(stepFunctions.executions).containsOnlyKeys("demo-rdp-20260101T1001Z", "demo-vnc-20260101T1001Z");
    }

    @Test
    void aServiceNotDecidedInTheRunsTimeIsLateNotFailedAndTheOthersAreDecided() throws Exception {
        ecs.service(RDP, 2, "a", "b");
        ecs.service(VNC, 2, "c", "d");
        sessions.task("a", 9).task("b", 9).task("c", 9).task("d", 9).owned(RDP, "a", "b").owned(VNC, "c", "d");
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        dev.sessionscaler.core.port.FleetReader stuckForVnc = new dev.sessionscaler.core.port.FleetReader() {
            @Override
            public dev.sessionscaler.core.model.ServiceFleet read(ServiceRef service) {
                if (service.equals(VNC)) {
                    try {
                        never.await();  // ECS never answers for this one
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
                return ecs.read(service);
            }

            @Override
            public java.util.Map<String, java.time.Instant> protection(ServiceRef service, java.util.Collection<String> taskArns) {
                return ecs.protection(service, taskArns);
            }
        };
        Analyzer analyzer = rdpAndVncTwoAtATime(stuckForVnc, Duration.ofMillis(500));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        List<Analyzer.Outcome> outcomes = analyzer.run(SCHEDULED);
        ByteArrayOutputStream summary = new ByteArrayOutputStream();

        assertThat(outcomes).extracting(Analyzer.Outcome::status).containsExactly(Analyzer.Status.STARTED, Analyzer.Status.LATE);
        assertThat(outcomes.get(1).error()).contains("not decided within the run's");
        assertThat(stepFunctions.executions).containsOnlyKeys("demo-rdp-20260101T1000Z");
        JsonNode notDecided = lines().stream().filter(l -> l.has("ServicesNotDecided")).findFirst().orElseThrow();
        assertThat(notDecided.get("ServicesNotDecided").asInt()).isEqualTo(1);
        assertThat(notDecided.at("/_aws/CloudWatchMetrics/0/Dimensions/0").size()).as("one figure for the deployment").isZero();
        // late is not a failure: the handler does not throw, so Lambda does not retry the whole minute
        new AnalyzerHandler(analyzer, clock).handleRequest(new java.io.ByteArrayInputStream(new byte[0]), summary, null);
        assertThat(summary.toString(StandardCharsets.UTF_8)).contains("\"status\":\"LATE\"");
    }

    @Test
    void aRetriedInvocationForTheSameMinuteStartsNoSecondExecution() {
        busyFleet();

        Analyzer.Outcome first = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);
        // Lambda retries the same event later, here in the next minute of the clock
        Analyzer.Outcome retry = analyzerAt(NOW.plusSeconds(90), new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(first.status()).isEqualTo(Analyzer.Status.STARTED);
        assertThat(retry.status()).isEqualTo(Analyzer.Status.ALREADY_STARTED);
        assertThat(retry.executionName()).isEqualTo(first.executionName());
        assertThat(stepFunctions.executions).hasSize(1);
    }

    @Test
    void whileAnotherWorkflowHoldsTheLeaseNothingStartsAndHistoryRecordsNoScale() {
        busyFleet();
        lease.tryAcquire(RDP, "demo-rdp-20260101T0955Z", NOW.minusSeconds(300), Duration.ofHours(1));
        stepFunctions.statuses.put("demo-rdp-20260101T0955Z", WorkflowStarter.ExecutionStatus.RUNNING);

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(outcome.status()).isEqualTo(Analyzer.Status.LEASE_HELD);
        assertThat(outcome.decision().action()).isEqualTo(ScaleAction.SCALE_OUT);
        assertThat(stepFunctions.executions).isEmpty();
        assertThat(decisions.histories.get(RDP).lastScaleOutAt()).isNull();
        assertThat(decisions.recorded).hasSize(1);
    }

    @Test
    void dryRunDecidesAndRecordsButTakesNoLeaseAndStartsNothing() {
        busyFleet();

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG.toBuilder().dryRun(true).build())).run(SCHEDULED).get(0);

        assertThat(outcome.status()).isEqualTo(Analyzer.Status.DRY_RUN);
        assertThat(outcome.decision().action()).isEqualTo(ScaleAction.SCALE_OUT);
        assertThat(stepFunctions.executions).isEmpty();
        assertThat(lease.tryAcquire(RDP, "someone", NOW, Duration.ofMinutes(1))).isTrue();
        assertThat(decisions.recorded.get(0).audit().dryRun()).isTrue();
    }

    @Test
    void protectedIdleTasksAreNeverVictimsAndProtectionIsReadOnlyForScaleIns() {
        ecs.service(RDP, 3, "old", "mid", "new");
        sessions.task("old", 0).task("mid", 0).task("new", 1);
        ecs.protectedTasks.add(arn("old"));
        metrics.metrics = new dev.sessionscaler.core.model.ServiceMetrics(5.0, 5.0, 8.0, java.util.Map.of());

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(outcome.decision().action()).isEqualTo(ScaleAction.SCALE_IN);
        assertThat(outcome.decision().victims()).containsExactly(arn("mid"));
        assertThat(ecs.protectionAsked).as("only the chosen victim is asked about; a protected one is replaced and asked again")
                .containsExactly(List.of(arn("old")), List.of(arn("mid")));
        assertThat(((ScaleEvent.ScaleIn) stepFunctions.executions.values().iterator().next()).tasks()).containsExactly(arn("mid"));

        ecs.protectionAsked.clear();
        sessions.task("old", 5).task("mid", 5);
        freshLease();
        analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED.plusSeconds(60));
        assertThat(ecs.protectionAsked).as("no scale-in proposed, no protection calls").isEmpty();
    }

    @Test
    void oneFailingServiceDoesNotStopTheOthers() {
        busyFleet();
        ecs.service(VNC, 1, "v");
        ecs.failing.add(VNC);

        List<Analyzer.Outcome> outcomes = analyzer(new ManagedService(VNC, CONFIG), new ManagedService(RDP, CONFIG)).run(SCHEDULED);

        assertThat(outcomes).extracting(Analyzer.Outcome::status).containsExactly(Analyzer.Status.FAILED, Analyzer.Status.STARTED);
        assertThat(outcomes.get(0).error()).contains("ThrottlingException");
        assertThat(stepFunctions.executions).containsOnlyKeys("demo-rdp-20260101T1000Z");
    }

    @Test
    void sessionsOfTasksEcsNoLongerRunsArePurgedAndNotCounted() {
        ecs.service(RDP, 2, "a", "b");
        sessions.task("a", 2).task("b", 2).task("gone", 9);

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(sessions.purges).containsExactly(java.util.Set.of(arn("a"), arn("b")));
        assertThat(sessions.tasks).doesNotContainKey(arn("gone"));
        assertThat(outcome.decision().audit().observed().reportedSessions()).isEqualTo(4);
    }

    @Test
    void eachServiceCostsOneFleetReadOneMetricsReadAndOneSessionRead() {
        busyFleet();
        ecs.service(VNC, 1, "v");
        analyzer(new ManagedService(RDP, CONFIG), new ManagedService(VNC, CONFIG)).run(SCHEDULED);
        assertThat(ecs.reads).isEqualTo(2);
        assertThat(metrics.reads).isEqualTo(2);
        assertThat(sessions.reads).isEqualTo(2);
    }

    @Test
    void whenEveryRunningTaskReportsItsUsageCloudWatchIsNotReadAndAHotTaskIsSeenByItsOwnReport() {
        ecs.service(RDP, 2, "a", "b");
        sessions.task("a", 1, 95, 40).task("b", 1, 10, 40);

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(metrics.reads).as("no GetMetricData").isZero();
        assertThat(outcome.decision().action()).isEqualTo(ScaleAction.SCALE_OUT);
        assertThat(outcome.decision().reason()).isEqualTo(dev.sessionscaler.core.model.ReasonCode.SCALE_OUT_HOT_TASK);

        sessions.task("b", 1);  // b's newest heartbeat reported no usage
        freshLease();
        analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED.plusSeconds(60));
        assertThat(metrics.reads).as("then CloudWatch, as before").isEqualTo(1);
    }

    @Test
    void aRetryThatFindsThisMinutesExecutionFinishedReleasesTheLeaseAndRecordsNoScale() {
        // safety issue, item 4: the first invocation started the execution, which finished; then the invocation failed
        busyFleet();
        stepFunctions.start(new ScaleEvent.ScaleOut("demo", "rdp", 3, "first try"), "demo-rdp-20260101T1000Z");
        stepFunctions.finish("demo-rdp-20260101T1000Z", WorkflowStarter.ExecutionStatus.FAILED);

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(outcome.status()).isEqualTo(Analyzer.Status.ALREADY_FINISHED);
        assertThat(lease.current(RDP)).as("the lease is not left held for an execution that has ended").isEmpty();
        assertThat(decisions.histories.get(RDP).lastScaleOutAt()).as("no scale is recorded that did not happen").isNull();
    }

    @Test
    void aLeaseHeldByAnExecutionThatNoLongerRunsIsReleasedAndWhatItLeftIsRecovered() {
        // safety issue, item 7: the execution was stopped by hand while its victim was deregistered and marked draining
        busyFleet();
        lease.tryAcquire(RDP, "demo-rdp-20260101T0950Z", NOW.minusSeconds(600), Duration.ofHours(1));
        stepFunctions.statuses.put("demo-rdp-20260101T0950Z", WorkflowStarter.ExecutionStatus.ABORTED);
        ledger.putMark(RDP, new TaskMark(arn("a"), TaskMark.Kind.DRAINING, "demo-rdp-20260101T0950Z", NOW.minusSeconds(500), null));

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(outcome.status()).isEqualTo(Analyzer.Status.RECOVERING);
        assertThat(outcome.executionName()).isEqualTo("demo-rdp-recover-20260101T1000Z");
        assertThat(stepFunctions.executions.get("demo-rdp-recover-20260101T1000Z")).isInstanceOf(ScaleEvent.Recover.class);
        assertThat(lease.current(RDP).orElseThrow().holder()).as("the recovery holds the lease").isEqualTo("demo-rdp-recover-20260101T1000Z");
        assertThat(outcome.decision().audit().observed().drainingTasks()).as("the marked task is not counted as capacity").isEqualTo(1);
    }

    @Test
    void aLiveExecutionsWorkInProgressIsNotRecovered() {
        busyFleet();
        lease.tryAcquire(RDP, "demo-rdp-20260101T0950Z", NOW.minusSeconds(600), Duration.ofHours(1));
        stepFunctions.statuses.put("demo-rdp-20260101T0950Z", WorkflowStarter.ExecutionStatus.RUNNING);
        ledger.putMark(RDP, new TaskMark(arn("a"), TaskMark.Kind.DRAINING, "demo-rdp-20260101T0950Z", NOW.minusSeconds(500), null));

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, CONFIG)).run(SCHEDULED).get(0);

        assertThat(outcome.status()).isEqualTo(Analyzer.Status.LEASE_HELD);
        assertThat(stepFunctions.executions).isEmpty();
        assertThat(ledger.read(RDP).marks()).hasSize(1);
    }

    @Test
    void withTheTargetGroupsDelayKnownABusySurplusTaskIsCordonedAndStartedAsACordon() {
        ecs.service(RDP, 3, "a", "b", "c");
        sessions.task("a", 1).task("b", 1).task("c", 1);
        metrics.metrics = new dev.sessionscaler.core.model.ServiceMetrics(5.0, 5.0, 8.0, java.util.Map.of());
        ManagedService withTargetGroup = new ManagedService(RDP, CONFIG,
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc", 8443, 3600);

        Analyzer.Outcome outcome = analyzer(withTargetGroup).run(SCHEDULED).get(0);

        assertThat(outcome.decision().action()).isEqualTo(ScaleAction.CORDON);
        assertThat(outcome.decision().reason()).isEqualTo(dev.sessionscaler.core.model.ReasonCode.CORDON_SURPLUS);
        assertThat(outcome.status()).isEqualTo(Analyzer.Status.STARTED);
        var started = (ScaleEvent.TaskAction) stepFunctions.executions.values().iterator().next();
        assertThat(started.action()).isEqualTo("cordon");
        assertThat(started.tasks()).isEqualTo(outcome.decision().cordon()).hasSize(1);
        assertThat(ecs.protectionAsked).as("the cordoned task's protection was read").containsExactly(started.tasks());
    }

    @Test
    void aDryRunStillPutsBackATaskCordonedBeforeItBeganWhenItsDeadlineComes() {
        ecs.service(RDP, 3, "a", "b", "c");
        sessions.task("a", 1).task("b", 1).task("c", 2);
        ledger.putMark(RDP, new TaskMark(arn("c"), TaskMark.Kind.CORDONED, null, NOW.minusSeconds(3400), NOW.minusSeconds(40)));
        ManagedService dryRun = new ManagedService(RDP, CONFIG.toBuilder().dryRun(true).build(),
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc", 8443, 3600);

        Analyzer.Outcome outcome = analyzer(dryRun).run(SCHEDULED).get(0);

        assertThat(outcome.decision().reason()).isEqualTo(dev.sessionscaler.core.model.ReasonCode.READMIT_DEADLINE);
        assertThat(outcome.status()).as("a dry run never leaves a cordon behind").isEqualTo(Analyzer.Status.STARTED);
        var started = (ScaleEvent.TaskAction) stepFunctions.executions.values().iterator().next();
        assertThat(started.action()).isEqualTo("readmit");
        assertThat(started.tasks()).containsExactly(arn("c"));
    }

    @Test
    void aCordonWhoseDeadlineHasComeIsReadmittedEvenWhenCloudWatchAndTheTargetGroupCannotBeRead() throws Exception {
        ecs.service(RDP, 3, "a", "b", "c");
        sessions.task("a", 1).task("b", 1).task("c", 2);
        ledger.putMark(RDP, new TaskMark(arn("c"), TaskMark.Kind.CORDONED, null, NOW.minusSeconds(3400), NOW.minusSeconds(40)));
        metrics.failure = new RuntimeException("ThrottlingException: Rate exceeded");
        targetGroups = arn -> {
            throw new RuntimeException("AccessDenied: elasticloadbalancing:DescribeTargetGroupAttributes");
        };
        ManagedService withTargetGroup = new ManagedService(RDP, CONFIG,
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc", 8443, 3600);

        Analyzer.Outcome outcome = analyzer(withTargetGroup).run(SCHEDULED).get(0);

        assertThat(outcome.status()).as(String.valueOf(outcome.error())).isEqualTo(Analyzer.Status.STARTED);
        assertThat(outcome.decision().reason()).isEqualTo(dev.sessionscaler.core.model.ReasonCode.READMIT_DEADLINE);
        var started = (ScaleEvent.TaskAction) stepFunctions.executions.values().iterator().next();
        assertThat(started.action()).isEqualTo("readmit");
        assertThat(started.tasks()).containsExactly(arn("c"));
        assertThat(lines()).extracting(l -> l.path("message").asText())
                .contains("could not read CloudWatch metrics; deciding without it", "could not read the target group; deciding without it");
    }

    @Test
    void withPredictiveFloorTheAnalyzerRemembersThisHalfHourAndRaisesTheMinimumToWhatLastWeekNeeded() {
        // NOW is Thursday 10:00 UTC; a week ago at the same time the service held 60 sessions: 60 at 75 % of 10 slots
        ScalerConfig learning = CONFIG.toBuilder().predictiveFloor(true).build();
        decisions.recordPeak(RDP, NOW.minus(Duration.ofDays(7)), 60);
        ecs.service(RDP, 2, "a", "b");
        sessions.task("a", 3).task("b", 2);

        Analyzer.Outcome outcome = analyzer(new ManagedService(RDP, learning)).run(SCHEDULED).get(0);

        assertThat(outcome.decision().reason()).isEqualTo(dev.sessionscaler.core.model.ReasonCode.LEARNED_FLOOR);
        assertThat(outcome.decision().desiredCount()).isEqualTo(8);
        assertThat(decisions.peaks(RDP, List.of(dev.sessionscaler.core.policy.LearnedFloor.slotOf(NOW))).get(0).byWeek())
                .as("this minute's 5 sessions remembered for this week").containsValue(5);
    }

    /** An analyzer of {@code service} whose learned floor's peaks fail to read (throttled). */
    private Analyzer whosePeaksCannotBeRead(ManagedService service) {
        Analyzer.Ports failing = new Analyzer.Ports(ecs, metrics, sessions, new Fakes.Decisions() {
            @Override
            public List<dev.sessionscaler.core.policy.LearnedFloor.Peaks> peaks(dev.sessionscaler.core.model.ServiceRef ref,
                                                                               List<Integer> slots) {
                throw new IllegalStateException("ProvisionedThroughputExceededException (injected)");
            }
        }, lease, stepFunctions, ledger, targetGroups);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        return new Analyzer(List.of(service), failing, Duration.ofHours(1), clock, new StructuredLog(out, clock), new EmfMetrics(out));
    }

    @Test
    void whenThePeaksCannotBeReadTheCurrentCountIsHeldNotDroppedToMinTasks() {
        // doubt keeps capacity: a failed read of the learned floor's memory must not let a scale-in through
        ScalerConfig learning = CONFIG.toBuilder().predictiveFloor(true).build();
        ecs.service(RDP, 6, "a", "b", "c", "d", "e", "f");
        sessions.task("a", 0).task("b", 0).task("c", 0).task("d", 0).task("e", 0).task("f", 1);  // idle: a scale-in is due
        Analyzer analyzer = whosePeaksCannotBeRead(new ManagedService(RDP, learning));

        Analyzer.Outcome outcome = analyzer.run(SCHEDULED).get(0);

        assertThat(outcome.decision().action()).as(outcome.decision().message()).isNotIn(
                dev.sessionscaler.core.model.ScaleAction.SCALE_IN, dev.sessionscaler.core.model.ScaleAction.CORDON);
        assertThat(outcome.decision().message()).contains("could not be read, so the current 6 task(s) are held");
    }

    @Test
    void holdingOnAFailedReadKeepsTheCordonsAsTheyAre() {
        // review finding: holding the desired count (which counts cordoned tasks) readmitted every cordon
        ScalerConfig learning = CONFIG.toBuilder().predictiveFloor(true).build();
        ecs.service(RDP, 6, "a", "b", "c", "d", "e", "f");
        sessions.task("a", 3).task("b", 3).task("c", 3).task("d", 3).task("e", 2).task("f", 1);
        ledger.putMark(RDP, new TaskMark(arn("e"), TaskMark.Kind.CORDONED, null, NOW.minusSeconds(600), NOW.plusSeconds(2100)));
        ledger.putMark(RDP, new TaskMark(arn("f"), TaskMark.Kind.CORDONED, null, NOW.minusSeconds(600), NOW.plusSeconds(2100)));
        Analyzer analyzer = whosePeaksCannotBeRead(new ManagedService(RDP, learning,
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc", 8443, 3600));

        Analyzer.Outcome outcome = analyzer.run(SCHEDULED).get(0);

        assertThat(outcome.decision().readmit()).as(outcome.decision().message()).isEmpty();
        assertThat(outcome.decision().action()).isNotIn(dev.sessionscaler.core.model.ScaleAction.SCALE_IN,
                dev.sessionscaler.core.model.ScaleAction.CORDON);
    }
}
