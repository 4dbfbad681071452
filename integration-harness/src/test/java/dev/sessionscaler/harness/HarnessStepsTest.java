package dev.sessionscaler.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.analyzer.InMemoryLease;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.port.FleetReader;
import dev.sessionscaler.core.port.ServiceActuator;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.core.port.TargetRegistry;
import dev.sessionscaler.core.port.WorkflowStarter;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.reporter.EventSender;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The harness's steps on fakes of its ports: what it changes, that it always restores, and when it says FAIL. */
class HarnessStepsTest {
    private static final ServiceRef REF = new ServiceRef("test", "it");
    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
    private static final ScalerConfig CONFIG = ScalerConfig.builder(1, 10, 10).build();
    private static final String TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/it/abc";

    private final Fake fake = new Fake();
    private final InMemoryLease lease = new InMemoryLease();
    private final InMemoryLease pause = new InMemoryLease();
    private final List<String> sent = new ArrayList<>();
    private static final ServiceRef PRODUCTION = new ServiceRef("test", "users");
    private final HarnessSteps steps = new HarnessSteps(List.of(new ManagedService(REF, CONFIG, TG, 8443, 3600, true),
            new ManagedService(PRODUCTION, CONFIG, TG, 8443, 3600)),
            new HarnessPorts(fake, fake, fake, fake, lease, pause, bodies -> {
                sent.addAll(bodies);
                return bodies.stream().map(b -> EventSender.Outcome.SENT).toList();
            }, fake), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void beginPausesTheAnalyzerAndSetsTheScenariosCountRememberingTheOldOne() {
        fake.desired = 7;

        HarnessRun run = steps.begin(input("scale-in-idle-beside-busy"), "it-1");

        assertThat(pause.current(REF)).hasValueSatisfying(p -> {
            assertThat(p.holder()).isEqualTo("it-1");
            assertThat(p.until()).isEqualTo(NOW.plus(HarnessSteps.PAUSE));
        });
        assertThat(run.desiredBefore()).isEqualTo(7);
        assertThat(fake.desired).isEqualTo(3).isEqualTo(run.tasks());
    }

    @Test
    void aServiceNotMarkedAsATestServiceIsRefusedBeforeAnythingChanges() {
        ObjectNode production = Json.MAPPER.createObjectNode().put("scenario", "scale-out").put("cluster", "test").put("service", "users");

        assertThatThrownBy(() -> steps.begin(production, "it-1")).isInstanceOf(HarnessSteps.HarnessFailure.class)
                .hasMessageStartingWith("test/users is not a test service: mark it \"testService\": true");
        assertThat(pause.current(PRODUCTION)).isEmpty();
        assertThat(fake.desired).isEqualTo(2);
        assertThat(steps.begin(input("scale-out"), "it-2").service()).as("the only test service by default").isEqualTo("it");
    }

    @Test
    void anotherTestsPauseOrALiveScaleExecutionStopsTheTestAndRestoreLeavesTheOtherPause() {
        pause.tryAcquire(REF, "it-other", NOW, Duration.ofHours(1));
        assertThatThrownBy(() -> steps.begin(input("scale-out"), "it-1")).isInstanceOf(HarnessSteps.HarnessFailure.class)
                .hasMessage("the analyzer is already paused for test/it by it-other: one test per service at a time");

        JsonNode verdict = restore(failedState("scale-out", "the analyzer is already paused"), null);

        assertThat(verdict.get("result").asText()).isEqualTo("FAIL");
        assertThat(pause.current(REF).orElseThrow().holder()).isEqualTo("it-other");

        pause.release(REF, "it-other");
        lease.tryAcquire(REF, "demo-it-20260105T0859Z", NOW, Duration.ofHours(1));
        assertThatThrownBy(() -> steps.begin(input("scale-out"), "it-2"))
                .hasMessage("scale execution demo-it-20260105T0859Z holds test/it's lease; try again once it ends");
        assertThat(fake.desired).as("nothing changed").isEqualTo(2);
        assertThat(pause.current(REF)).as("the failed Begin gave its pause back").isEmpty();
    }

    @Test
    void aServiceWhoseTasksHoldSessionsIsRefusedItsHeartbeatsWouldHideThem() {
        fake.tasks("a", "b");
        fake.sessions.put(arn("a"), new TaskSessions(arn("a"), 3, NOW, NOW));

        assertThatThrownBy(() -> steps.begin(input("scale-out"), "it-1"))
                .hasMessageStartingWith("test/it's tasks hold 3 sessions: a test service's tasks report none of their own");
        assertThat(pause.current(REF)).isEmpty();
        assertThat(fake.desired).isEqualTo(2);

        fake.stopped.add(arn("a"));  // what a stopped task's aggregate still says is no one's session
        assertThat(steps.begin(input("scale-out"), "it-2").tasks()).isEqualTo(1);
    }

    @Test
    void restoreGivesBackThePauseOfABeginThatFailedBeforeItsRun() {
        pause.tryAcquire(REF, "it-9", NOW, Duration.ofHours(2));  // Begin took it, then its Lambda died
        ObjectNode state = (ObjectNode) failedState("scale-out", "Lambda died");
        ObjectNode in = Json.MAPPER.createObjectNode().put("executionName", "it-9");
        in.set("state", state);

        assertThat(steps.restore(in).get("result").asText()).isEqualTo("FAIL");
        assertThat(pause.current(REF)).isEmpty();
    }

    @Test
    void checkReadyWaitsForRunningHealthyRegisteredTasksThenGivesUpWithTheEvidence() {
        HarnessRun run = steps.begin(input("scale-out"), "it-1");
        fake.tasks("a");
        fake.unregistered.add("10.0.0.1");

        HarnessRun waiting = steps.checkReady(run);
        assertThat(waiting.ready()).isFalse();
        assertThat(waiting.attempts()).isEqualTo(1);

        fake.unregistered.clear();
        HarnessRun settling = steps.checkReady(waiting);
        assertThat(settling.ready()).as("not before a minute has passed since the pause").isFalse();
        HarnessRun settled = steps.checkReady(steps.checkReady(settling));
        assertThat(settled.attempts()).isEqualTo(HarnessSteps.SETTLE_CHECKS);
        assertThat(settled.ready()).isTrue();
        lease.tryAcquire(REF, "demo-it-20260105T0900Z", NOW, Duration.ofMinutes(10));
        assertThat(steps.checkReady(settled).ready()).as("an analyzer workflow that missed the pause runs first").isFalse();
        lease.release(REF, "demo-it-20260105T0900Z");

        fake.unregistered.add("10.0.0.1");
        HarnessRun late = new HarnessRun("it-1", "scale-out", "test", "it", 2, 1, HarnessSteps.READY_CHECKS - 1, false, null, null, null, null);
        assertThatThrownBy(() -> steps.checkReady(late)).isInstanceOf(HarnessSteps.HarnessFailure.class)
                .hasMessage("the service did not settle at 1 tasks within 15 minutes: 1 live, 0 running, healthy and registered on port 8443");
    }

    @Test
    void markBusyReportsOneSessionOnEachBusyTaskAndAHeartbeatForEveryTaskThenPlansTheActs() throws IOException {
        HarnessRun run = steps.begin(input("scale-in-idle-beside-busy"), "it-1");
        fake.tasks("c", "a", "b");

        HarnessRun marked = steps.markBusy(steps.checkReady(run));

        assertThat(marked.busy()).containsExactly(arn("a"));
        assertThat(marked.idle()).containsExactly(arn("b"), arn("c"));
        assertThat(marked.sessions()).containsExactly(Map.entry(arn("a"), List.of("it-it-1-1")));
        List<JsonNode> events = new ArrayList<>();
        for (String body : sent) {
            events.add(Json.MAPPER.readTree(body));
        }
        assertThat(events).extracting(e -> e.get("type").asText() + " " + e.get("taskArn").asText().substring(e.get("taskArn").asText().lastIndexOf('/') + 1))
                .containsExactly("SESSION_STARTED a", "TASK_HEARTBEAT a", "TASK_HEARTBEAT b", "TASK_HEARTBEAT c");
        assertThat(events.get(1).get("activeSessionIds")).hasSize(1);
        assertThat(events.get(2).get("activeSessionIds")).isEmpty();
        assertThat(marked.acts()).hasSize(1);
        HarnessRun.Act act = marked.acts().get(0);
        assertThat(act.executionName()).isEqualTo("it-1-act1");
        assertThat(act.payload().get("tasks")).extracting(JsonNode::asText).containsExactly(arn("b"), arn("a"));
        assertThat(act.expect().stopped()).containsExactly(arn("b"));
        assertThat(act.expect().running()).containsExactly(arn("a"));
    }

    @Test
    void sessionsSeenOnlyOnceTheStoreHasTheSessionsAndEveryTasksHeartbeat() {
        fake.tasks("a", "b", "c");
        HarnessRun run = steps.markBusy(steps.checkReady(steps.begin(input("scale-in-idle-beside-busy"), "it-1")));
        fake.sessions.put(arn("a"), new TaskSessions(arn("a"), 1, NOW, NOW));
        fake.sessions.put(arn("b"), new TaskSessions(arn("b"), 0, NOW, NOW));

        assertThat(steps.sessionsSeen(run).ready()).as("c has not reported").isFalse();

        fake.sessions.put(arn("c"), new TaskSessions(arn("c"), 0, NOW, NOW));
        assertThat(steps.sessionsSeen(run).ready()).isTrue();

        fake.sessions.put(arn("a"), new TaskSessions(arn("a"), 0, NOW, NOW));
        assertThat(steps.sessionsSeen(run).ready()).as("a's session is not there").isFalse();
    }

    @Test
    void restoreEndsTheSyntheticSessionsLiftsThePauseAndPassesOnlyWhenEveryCheckHeld() {
        fake.tasks("a", "b", "c");
        HarnessRun run = steps.markBusy(steps.checkReady(steps.begin(input("scale-in-idle-beside-busy"), "it-1")));
        sent.clear();
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.set("run", Json.MAPPER.valueToTree(run));
        state.set("acts", Json.MAPPER.valueToTree(List.of(List.of(new HarnessRun.Check("x", true, "fine")))));

        lease.tryAcquire(REF, "it-1-act1", NOW, Duration.ofMinutes(5));  // a scale execution that still runs
        assertThat(restore(state, null).at("/checks/1/detail").asText()).startsWith("left at the test's: it-1-act1 still holds the lease");
        assertThat(fake.desired).as("ECS must not pick tasks under a running scale execution").isEqualTo(3);
        lease.release(REF, "it-1-act1");
        pause.tryAcquire(REF, "it-1", NOW, Duration.ofHours(2));
        sent.clear();

        JsonNode verdict = restore(state, "arn:aws:states:us-east-1:123456789012:execution:it:it-1");

        assertThat(verdict.get("result").asText()).isEqualTo("PASS");
        assertThat(verdict.get("executionArn").asText()).endsWith(":it-1");
        assertThat(pause.current(REF)).isEmpty();
        assertThat(fake.desired).as("the count the service had before the test").isEqualTo(run.desiredBefore()).isEqualTo(2);
        assertThat(sent).hasSize(1).allMatch(b -> b.contains("SESSION_ENDED") && b.contains("it-it-1-1"));

        state.set("acts", Json.MAPPER.valueToTree(List.of(List.of(new HarnessRun.Check("x", true, "fine"), new HarnessRun.Check("y", false, "no")))));
        assertThat(restore(state, null).get("result").asText()).isEqualTo("FAIL");
        assertThat(restore(Json.MAPPER.createObjectNode(), null).get("result").asText()).as("no check at all is no pass").isEqualTo("FAIL");
    }

    @Test
    void restoreUndoesOnlyARunOfItsOwnExecution() {
        fake.tasks("a");
        HarnessRun other = steps.begin(input("scale-out"), "it-other");
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.set("run", Json.MAPPER.valueToTree(other));
        ObjectNode in = Json.MAPPER.createObjectNode().put("executionName", "it-1");
        in.set("state", state);

        steps.restore(in);

        assertThat(pause.current(REF).orElseThrow().holder()).as("another execution's pause").isEqualTo("it-other");
        assertThat(fake.desired).as("left as that test set it").isEqualTo(1);
    }

    @Test
    void anErrorThatEndedTheTestEarlyIsAFailedCheckWithTheLambdasMessage() {
        JsonNode verdict = restore(failedState("scale-out", "the service did not settle"), null);

        assertThat(verdict.get("result").asText()).isEqualTo("FAIL");
        assertThat(verdict.get("scenario").asText()).isEqualTo("scale-out");
        assertThat(verdict.at("/checks/0/check").asText()).isEqualTo("the test ran to its end");
        assertThat(verdict.at("/checks/0/detail").asText()).isEqualTo("dev.sessionscaler.harness.HarnessSteps$HarnessFailure: the service did not settle");
    }

    @Test
    void checkActComparesTheServiceWithTheExpectation() {
        fake.tasks("a", "b", "c");
        HarnessRun run = steps.markBusy(steps.checkReady(steps.begin(input("scale-in-idle-beside-busy"), "it-1")));
        fake.desired = 3;  // the scale-in did nothing
        ObjectNode result = Json.MAPPER.createObjectNode().put("status", "SUCCEEDED");
        result.putObject("output").putObject("outcome").put("outcome", "NOOP");

        List<HarnessRun.Check> checks = steps.checkAct(run, run.acts().get(0), result);

        assertThat(checks).filteredOn(c -> !c.ok()).extracting(HarnessRun.Check::check).containsExactly(
                "act 1 (scale in naming b (idle) and a (busy)): desired count is 2",
                "act 1 (scale in naming b (idle) and a (busy)): b was stopped",
                "act 1 (scale in naming b (idle) and a (busy)): 1 of the test's tasks stopped");
        lease.tryAcquire(REF, "it-1-act1", NOW, Duration.ofMinutes(5));
        assertThat(steps.checkAct(run, run.acts().get(0), result)).filteredOn(c -> !c.ok()).extracting(HarnessRun.Check::check)
                .contains("act 1 (scale in naming b (idle) and a (busy)): the service's lease was released")
                .doesNotContain("act 1 (scale in naming b (idle) and a (busy)): the analyzer stayed paused");
        pause.release(REF, "it-1");
        assertThat(steps.checkAct(run, run.acts().get(0), result)).filteredOn(c -> !c.ok()).extracting(HarnessRun.Check::check)
                .contains("act 1 (scale in naming b (idle) and a (busy)): the analyzer stayed paused");
    }

    @Test
    void keepReportingSendsHeartbeatsForLiveTasksWhileTheScaleExecutionRuns() {
        fake.tasks("a", "b", "c");
        HarnessRun run = steps.markBusy(steps.checkReady(steps.begin(input("scale-in-idle-beside-busy"), "it-1")));
        sent.clear();
        fake.stopped.add(arn("b"));

        HarnessSteps later = new HarnessSteps(List.of(new ManagedService(REF, CONFIG, TG, 8443, 3600, true)),
                new HarnessPorts(fake, fake, fake, fake, lease, pause, bodies -> {
                    sent.addAll(bodies);
                    return bodies.stream().map(b -> EventSender.Outcome.SENT).toList();
                }, fake), Clock.fixed(NOW.plus(Duration.ofMinutes(30)), ZoneOffset.UTC));
        assertThat(later.keepReporting(run, run.acts().get(0))).as("not started yet").isTrue();
        assertThat(sent).hasSize(2).allMatch(b -> b.contains("TASK_HEARTBEAT") && !b.contains("task/test/b\""));
        assertThat(pause.current(REF).orElseThrow().until()).as("renewed while the act runs")
                .isEqualTo(NOW.plus(Duration.ofMinutes(30)).plus(HarnessSteps.PAUSE));
        HarnessSteps afterExpiry = new HarnessSteps(List.of(new ManagedService(REF, CONFIG, TG, 8443, 3600, true)),
                new HarnessPorts(fake, fake, fake, fake, lease, pause, bodies -> bodies.stream().map(b -> EventSender.Outcome.SENT).toList(),
                        fake), Clock.fixed(NOW.plus(Duration.ofMinutes(31)).plus(HarnessSteps.PAUSE), ZoneOffset.UTC));
        afterExpiry.keepReporting(run, run.acts().get(0));
        assertThat(pause.current(REF).orElseThrow().until()).as("an expired pause (not yet deleted) is not renewed")
                .isEqualTo(NOW.plus(Duration.ofMinutes(30)).plus(HarnessSteps.PAUSE));
        pause.release(REF, "it-1");  // as if it had been removed
        later.keepReporting(run, run.acts().get(0));
        assertThat(pause.current(REF)).as("a lost pause is not taken back behind CheckAct's back").isEmpty();
        fake.statuses.put("it-1-act1", WorkflowStarter.ExecutionStatus.RUNNING);
        assertThat(steps.keepReporting(run, run.acts().get(0))).isTrue();
        fake.statuses.put("it-1-act1", WorkflowStarter.ExecutionStatus.SUCCEEDED);
        assertThat(steps.keepReporting(run, run.acts().get(0))).isFalse();
    }

    @Test
    void everyHarnessTaskStateNamesAStepTheFunctionHas() throws IOException {
        JsonNode definition;
        try (InputStream in = HarnessDefinition.class.getResourceAsStream(HarnessDefinition.RESOURCE)) {
            definition = Json.MAPPER.readTree(in);
        }
        Set<String> named = new HashSet<>();
        collectSteps(definition, named);
        assertThat(named).containsExactlyInAnyOrderElementsOf(steps.byStep().keySet());
    }

    @Test
    void scenarioSizesFollowTheServicesBoundsAndBuffer() {
        ScalerConfig tight = ScalerConfig.builder(4, 5, 10).build();
        assertThat(HarnessScenario.SCALE_OUT.tasks(tight)).isEqualTo(4);
        assertThat(HarnessScenario.SCALE_IN_IDLE_BESIDE_BUSY.tasks(CONFIG)).isEqualTo(3);
        assertThat(HarnessScenario.SCALE_IN_TO_MIN.tasks(tight)).isEqualTo(5);
        assertThat(HarnessScenario.SCALE_IN_IDLE_BESIDE_BUSY.precondition(tight)).isNull();
        assertThat(HarnessScenario.SCALE_IN_IDLE_BESIDE_BUSY.precondition(ScalerConfig.builder(5, 5, 10).build()))
                .isEqualTo("needs 6 tasks, above maxTasks (5)");
        assertThat(HarnessScenario.SCALE_OUT.precondition(ScalerConfig.builder(2, 2, 10).build())).isEqualTo("maxTasks (2) leaves no room to scale out");
        assertThat(HarnessScenario.needed(ScalerConfig.builder(0, 10, 4).bufferIdleSlots(0).build(), 0)).as("the buffer is never 0").isEqualTo(1);
    }

    private static void collectSteps(JsonNode node, Set<String> named) {
        if (node.isObject()) {
            if (node.path("Resource").asText().equals("${IntegrationTestFunctionArn}")) {
                named.add(node.at("/Parameters/step").asText());
            }
            node.forEach(child -> collectSteps(child, named));
        } else if (node.isArray()) {
            node.forEach(child -> collectSteps(child, named));
        }
    }

    /** Restore as the definition calls it, by the execution that owns {@code state}'s run (or it-1 without one). */
    private JsonNode restore(JsonNode state, String executionArn) {
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.set("state", state);
        in.put("executionArn", executionArn);
        in.put("executionName", state.path("run").path("execution").asText("it-1"));
        return steps.restore(in);
    }

    private static JsonNode failedState(String scenario, String message) {
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.putObject("input").put("scenario", scenario);
        state.putObject("error").put("Error", "dev.sessionscaler.harness.HarnessSteps$HarnessFailure")
                .put("Cause", "{\"errorMessage\":\"" + message + "\",\"errorType\":\"x\"}");
        return state;
    }

    private static JsonNode input(String scenario) {
        return Json.MAPPER.createObjectNode().put("scenario", scenario);
    }

    private static String arn(String id) {
        return "arn:aws:ecs:us-east-1:123456789012:task/test/" + id;
    }

    /** ECS, the target group, the session store and Step Functions as the tests set them. */
    private static final class Fake implements FleetReader, ServiceActuator, TargetRegistry, SessionStore, WorkflowStarter {
        int desired = 2;
        final List<String> tasks = new ArrayList<>();
        final Set<String> stopped = new HashSet<>();
        final Set<String> unregistered = new HashSet<>();
        final Map<String, TaskSessions> sessions = new HashMap<>();
        final Map<String, ExecutionStatus> statuses = new HashMap<>();

        void tasks(String... ids) {
            tasks.clear();
            for (String id : ids) {
                tasks.add(arn(id));
            }
        }

        @Override
        public ServiceFleet read(ServiceRef service) {
            List<EcsTask> ecs = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                String task = tasks.get(i);
                ecs.add(new EcsTask(task, "us-east-1a", NOW.minusSeconds(600),
                        stopped.contains(task) ? TaskLifecycle.STOPPED : TaskLifecycle.RUNNING, true, false, "10.0.0." + (i + 1)));
            }
            return new ServiceFleet(new ServiceState(service.cluster(), service.service(), desired, false, false), ecs);
        }

        @Override
        public Map<String, Instant> protection(ServiceRef service, Collection<String> taskArns) {
            return Map.of();
        }

        @Override
        public void setDesiredCount(ServiceRef service, int desiredCount) {
            desired = desiredCount;
        }

        @Override
        public Map<String, Instant> protect(ServiceRef service, List<String> taskArns, int minutes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unprotect(ServiceRef service, List<String> taskArns) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deregister(String targetGroupArn, String ip, int port) {
            throw new UnsupportedOperationException("the harness never deregisters");
        }

        @Override
        public void register(String targetGroupArn, String ip, int port) {
            throw new UnsupportedOperationException("the harness never registers");
        }

        @Override
        public DrainCheck.TargetState state(String targetGroupArn, String ip, int port) {
            return unregistered.contains(ip) ? DrainCheck.TargetState.NOT_REGISTERED : DrainCheck.TargetState.REGISTERED;
        }

        @Override
        public TargetGroupFacts facts(String targetGroupArn) {
            return new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 3600, false);
        }

        @Override
        public Map<String, TaskSessions> taskSessions(ServiceRef service) {
            return new HashMap<>(sessions);
        }

        @Override
        public int purgeTasksNotIn(ServiceRef service, Set<String> liveTaskArns) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StartResult start(ScaleEvent event, String executionName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ExecutionStatus status(String executionName) {
            return statuses.getOrDefault(executionName, ExecutionStatus.NOT_FOUND);
        }
    }
}
