package dev.sessionscaler.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.port.Lease;
import dev.sessionscaler.core.port.WorkflowStarter;
import dev.sessionscaler.harness.HarnessRun.Act;
import dev.sessionscaler.harness.HarnessRun.Check;
import dev.sessionscaler.harness.HarnessRun.Expect;
import dev.sessionscaler.reporter.EventSender;
import dev.sessionscaler.reporter.SessionMessages;
import dev.sessionscaler.reporter.TaskIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The testing state machine's steps ({@code integration-test.asl.json}). Begin pauses the analyzer for the service and sets
 * its desired count; CheckReady waits for the tasks; MarkBusy reports a synthetic session on some of them through the
 * real session queue; SessionsSeen waits until the session store has them; for each act the scale state machine runs
 * while KeepReporting sends the tasks' heartbeats (and renews the pause), and CheckAct checks what it left; Restore always
 * ends the synthetic sessions, puts the desired count back, lifts the pause and gives the verdict. It drives only test
 * services, and refuses one whose tasks hold sessions: its heartbeats would hide them.
 */
public final class HarnessSteps {
    /** How long the pause holds if the test dies without lifting it: the analyzer takes the service back then. */
    static final Duration PAUSE = Duration.ofHours(2);
    /** CheckReady runs every 15 s (the definition's wait): 15 minutes for ECS to start tasks and pass health checks. */
    static final int READY_CHECKS = 60;
    /** Ready no sooner than the 4th check (60 s after the pause), when any analyzer run that missed the pause is over. */
    static final int SETTLE_CHECKS = 4;
    /** SessionsSeen runs every 5 s: 2 minutes for the queue and the ingest function. */
    static final int SESSION_CHECKS = 24;

    /** The test cannot go on; Restore still runs and the verdict is FAIL with this message. */
    public static final class HarnessFailure extends RuntimeException {
        public HarnessFailure(String message) {
            super(message);
        }
    }

    private final List<ManagedService> services;
    private final HarnessPorts ports;
    private final Clock clock;

    public HarnessSteps(List<ManagedService> services, HarnessPorts ports, Clock clock) {
        this.services = List.copyOf(services);
        this.ports = ports;
        this.clock = clock;
    }

    /** Each step by the name the definition gives it. */
    public Map<String, Function<JsonNode, JsonNode>> byStep() {
        Map<String, Function<JsonNode, JsonNode>> steps = new LinkedHashMap<>();
        steps.put("Begin", in -> tree(begin(in.path("input"), in.path("executionName").asText())));
        steps.put("CheckReady", in -> tree(checkReady(run(in))));
        steps.put("MarkBusy", in -> tree(markBusy(run(in))));
        steps.put("SessionsSeen", in -> tree(sessionsSeen(run(in))));
        steps.put("KeepReporting", in -> Json.MAPPER.createObjectNode().put("running", keepReporting(run(in), act(in))));
        steps.put("CheckAct", in -> Json.MAPPER.valueToTree(checkAct(run(in), act(in), in.path("result"))));
        steps.put("Restore", this::restore);
        return steps;
    }

    HarnessRun begin(JsonNode input, String execution) {
        HarnessScenario scenario = HarnessScenario.named(input.path("scenario").asText(""));
        ManagedService managed = service(input);
        ServiceRef ref = managed.ref();
        if (!managed.testService()) {
            // the harness reports sessions for the service's tasks: on a service with users, its heartbeats would hide
            // the real sessions and a scale-in could stop a busy task
            throw new HarnessFailure(ref.key() + " is not a test service: mark it \"testService\": true in the deployment"
                    + " configuration (a service whose tasks report no sessions of their own)");
        }
        String problem = scenario.precondition(managed.config());
        if (problem != null) {
            throw new HarnessFailure("scenario " + scenario.id() + " cannot run on " + ref.key() + ": " + problem);
        }
        Instant now = clock.instant();
        if (!ports.pause().tryAcquire(ref, execution, now, PAUSE)) {
            throw new HarnessFailure("the analyzer is already paused for " + ref.key() + " by "
                    + ports.pause().current(ref).map(Lease.Held::holder).orElse("another test") + ": one test per service at a time");
        }
        try {
            ports.lease().current(ref).filter(held -> held.until().isAfter(now)).ifPresent(held -> {
                throw new HarnessFailure("scale execution " + held.holder() + " holds " + ref.key() + "'s lease; try again once it ends");
            });
            ServiceFleet fleet = ports.fleet().read(ref);
            Set<String> running = live(fleet).stream().map(EcsTask::taskArn).collect(Collectors.toSet());
            int sessions = ports.sessions().taskSessions(ref).values().stream().filter(t -> running.contains(t.taskArn()))
                    .mapToInt(TaskSessions::activeSessions).sum();
            if (sessions > 0) {
                // a test service has no sessions of its own; these would be hidden by the harness's heartbeats
                throw new HarnessFailure(ref.key() + "'s tasks hold " + sessions + " sessions: a test service's tasks report none of"
                        + " their own (if a test just ran, its sessions end within a minute)");
            }
            int desiredBefore = fleet.service().desiredCount();
            int tasks = scenario.tasks(managed.config());
            ports.actuator().setDesiredCount(ref, tasks);
            return new HarnessRun(execution, scenario.id(), ref.cluster(), ref.service(), desiredBefore, tasks, 0, false,
                    null, null, null, null);
        } catch (RuntimeException e) {
            ports.pause().release(ref, execution);  // nothing of the test's is in flight yet: give the service back now
            throw e;
        }
    }

    /** Ready: exactly the scenario's tasks run, healthy, each registered in the target group; gives up after a while. */
    HarnessRun checkReady(HarnessRun run) {
        ManagedService managed = service(run);
        ServiceFleet fleet = ports.fleet().read(managed.ref());
        List<EcsTask> live = live(fleet);
        long ready = live.stream().filter(t -> t.lifecycle() == TaskLifecycle.RUNNING && t.healthy()
                && registered(managed, t.privateIpv4Address())).count();
        // and the lease free a minute after the pause at least: an analyzer run that began before the pause (45 s at most)
        // may still have started a workflow, which then runs to its end first
        Instant now = clock.instant();
        boolean leaseFree = ports.lease().current(managed.ref()).filter(held -> held.until().isAfter(now)).isEmpty();
        boolean done = fleet.service().desiredCount() == run.tasks() && live.size() == run.tasks() && ready == run.tasks()
                && leaseFree && run.attempts() + 1 >= SETTLE_CHECKS;
        if (!done && run.attempts() + 1 >= READY_CHECKS) {
            throw new HarnessFailure("the service did not settle at " + run.tasks() + " tasks within " + READY_CHECKS * 15 / 60
                    + " minutes: " + live.size() + " live, " + ready + " running, healthy and registered on port " + managed.targetPort()
                    + (leaseFree ? "" : "; a scale execution still holds the lease"));
        }
        return run.attempt(done);
    }

    /** Reports one synthetic session on each of the scenario's busy tasks and a heartbeat for every task, then plans the acts. */
    HarnessRun markBusy(HarnessRun run) {
        ManagedService managed = service(run);
        List<String> tasks = live(ports.fleet().read(managed.ref())).stream().map(EcsTask::taskArn).sorted().toList();
        HarnessScenario scenario = HarnessScenario.named(run.scenario());
        if (tasks.size() < scenario.busyTasks()) {
            throw new HarnessFailure("only " + tasks.size() + " tasks run; the scenario marks " + scenario.busyTasks() + " busy");
        }
        List<String> busy = tasks.subList(0, scenario.busyTasks());
        List<String> idle = tasks.subList(scenario.busyTasks(), tasks.size());
        Map<String, List<String>> sessions = new LinkedHashMap<>();
        for (int i = 0; i < busy.size(); i++) {
            sessions.put(busy.get(i), List.of("it-" + run.execution() + "-" + (i + 1)));
        }
        Instant now = clock.instant();
        List<String> bodies = new ArrayList<>();
        sessions.forEach((task, ids) -> ids.forEach(id -> bodies.add(messages(run, task).started(id, now))));
        tasks.forEach(task -> bodies.add(messages(run, task).heartbeat(sessions.getOrDefault(task, List.of()), now.plusMillis(1))));
        send(bodies);
        HarnessScenario.Prepared prepared = new HarnessScenario.Prepared(run.cluster(), run.service(), managed.config(), busy, idle);
        return run.prepared(busy, idle, sessions, scenario.acts(run.execution(), prepared));
    }

    /** Seen: the session store has each busy task's session and a heartbeat from every task. */
    HarnessRun sessionsSeen(HarnessRun run) {
        Map<String, TaskSessions> store = ports.sessions().taskSessions(new ServiceRef(run.cluster(), run.service()));
        boolean seen = run.reported().stream().allMatch(task -> store.containsKey(task) && store.get(task).lastHeartbeat() != null
                && store.get(task).activeSessions() >= run.sessions().getOrDefault(task, List.of()).size());
        if (!seen && run.attempts() + 1 >= SESSION_CHECKS) {
            throw new HarnessFailure("the session store did not show the synthetic sessions within " + SESSION_CHECKS * 5
                    + " s: is the ingest function consuming the queue, and was the stack deployed with integrationTest=true"
                    + " (it lets the harness report for the test service's tasks)?");
        }
        return run.attempt(seen);
    }

    /**
     * The service's tasks report nothing themselves (a test service has no real sessions), so the harness sends their
     * heartbeats while an act runs: without them they would go stale, and a stale task is never stopped. True while the
     * act's scale execution runs (or has not started yet).
     */
    boolean keepReporting(HarnessRun run, Act act) {
        ServiceRef ref = new ServiceRef(run.cluster(), run.service());
        Instant now = clock.instant();
        Set<String> live = live(ports.fleet().read(ref)).stream().map(EcsTask::taskArn).collect(Collectors.toSet());
        send(run.reported().stream().filter(live::contains)
                .map(task -> messages(run, task).heartbeat(run.sessions().getOrDefault(task, List.of()), now)).toList());
        WorkflowStarter.ExecutionStatus status = ports.scaleExecutions().status(act.executionName());
        boolean running = status == WorkflowStarter.ExecutionStatus.NOT_FOUND || status.live();
        boolean stillPaused = ports.pause().current(ref)
                .filter(held -> held.holder().equals(run.execution()) && held.until().isAfter(now)).isPresent();
        if (running && stillPaused) {
            // renewed only while it holds it, unexpired: a pause that was lost is not taken back (CheckAct reports it)
            ports.pause().renew(ref, run.execution(), now, PAUSE);
        }
        return running;
    }

    /** What the act left behind, against what it expects. */
    List<Check> checkAct(HarnessRun run, Act act, JsonNode result) {
        ManagedService managed = service(run);
        ServiceRef ref = managed.ref();
        String name = "act " + (act.index() + 1) + " (" + act.description() + "): ";
        List<Check> checks = new ArrayList<>();
        String status = result.path("status").asText(result.has("Error") ? "FAILED" : "UNKNOWN");
        checks.add(new Check(name + "the scale execution succeeded", status.equals("SUCCEEDED"), status.equals("SUCCEEDED")
                ? outcome(result.path("output")) : status + " " + result.path("Error").asText("") + " " + result.path("Cause").asText("")));
        ServiceFleet fleet = ports.fleet().read(ref);
        Set<String> live = live(fleet).stream().map(EcsTask::taskArn).collect(Collectors.toSet());
        Expect expect = act.expect();
        if (expect.desiredCount() != null) {
            int desired = fleet.service().desiredCount();
            checks.add(new Check(name + "desired count is " + expect.desiredCount(), desired == expect.desiredCount(), "desired count " + desired));
        }
        for (String task : orEmpty(expect.stopped())) {
            checks.add(new Check(name + HarnessScenario.shortId(task) + " was stopped", !live.contains(task), live.contains(task) ? "still running" : "stopped"));
        }
        if (expect.stoppedCount() != null) {
            List<String> stopped = run.reported().stream().filter(t -> !live.contains(t)).map(HarnessScenario::shortId).toList();
            checks.add(new Check(name + expect.stoppedCount() + " of the test's tasks stopped", stopped.size() == expect.stoppedCount(),
                    "stopped: " + stopped));
        }
        List<String> busyStopped = run.busy().stream().filter(t -> !live.contains(t)).map(HarnessScenario::shortId).toList();
        checks.add(new Check(name + "no task marked busy was stopped", busyStopped.isEmpty(),
                busyStopped.isEmpty() ? "busy tasks running: " + run.busy().stream().map(HarnessScenario::shortId).toList()
                        : "stopped with a session: " + busyStopped));
        for (String task : orEmpty(expect.running())) {
            checks.add(new Check(name + HarnessScenario.shortId(task) + " is running", live.contains(task), live.contains(task) ? "running" : "stopped"));
        }
        Map<String, String> ips = fleet.tasks().stream().filter(t -> t.privateIpv4Address() != null)
                .collect(Collectors.toMap(EcsTask::taskArn, EcsTask::privateIpv4Address, (a, b) -> a));
        for (String task : orEmpty(expect.inService())) {
            DrainCheck.TargetState target = target(managed, ips.get(task));
            checks.add(new Check(name + HarnessScenario.shortId(task) + " is in service", target == DrainCheck.TargetState.REGISTERED, "target " + target));
        }
        for (String task : orEmpty(expect.outOfService())) {
            DrainCheck.TargetState target = target(managed, ips.get(task));
            checks.add(new Check(name + HarnessScenario.shortId(task) + " is out of service", target != DrainCheck.TargetState.REGISTERED, "target " + target));
        }
        Instant now = clock.instant();
        var lease = ports.lease().current(ref).filter(held -> held.until().isAfter(now));
        checks.add(new Check(name + "the service's lease was released", lease.isEmpty(),
                lease.map(held -> "held by " + held.holder() + " until " + held.until()).orElse("free")));
        var pause = ports.pause().current(ref).filter(held -> held.until().isAfter(now));
        boolean paused = pause.map(held -> held.holder().equals(run.execution())).orElse(false);
        checks.add(new Check(name + "the analyzer stayed paused", paused,
                pause.map(held -> "paused by " + held.holder() + " until " + held.until()).orElse("not paused: the analyzer may have acted")));
        return checks;
    }

    /**
     * Always runs, whatever failed before it: ends the synthetic sessions, lifts the pause, and gives the verdict from the
     * acts' checks and the error that ended the test early, if one did. Its own failures become failed checks.
     */
    JsonNode restore(JsonNode in) {
        JsonNode state = in.path("state");
        List<Check> checks = new ArrayList<>();
        state.path("acts").forEach(act -> act.forEach(check -> checks.add(Json.MAPPER.convertValue(check, Check.class))));
        if (state.has("error")) {
            JsonNode error = state.get("error");
            checks.add(new Check("the test ran to its end", false, error.path("Error").asText() + ": " + causeOf(error)));
        }
        String scenario = state.path("input").path("scenario").asText(null);
        String execution = in.path("executionName").asText("");
        HarnessRun run = state.hasNonNull("run") ? Json.MAPPER.convertValue(state.get("run"), HarnessRun.class) : null;
        if (run != null && run.execution().equals(execution)) {
            scenario = run.scenario();
            checks.addAll(undo(run));
        } else {
            // Begin failed (or the input carried a run of another execution's): only this execution's pause is undone
            releaseWithoutRun(state.path("input"), execution);
        }
        boolean pass = !checks.isEmpty() && checks.stream().allMatch(Check::ok);
        ObjectNode verdict = Json.MAPPER.createObjectNode().put("result", pass ? "PASS" : "FAIL").put("scenario", scenario);
        verdict.set("checks", Json.MAPPER.valueToTree(checks));
        verdict.put("executionArn", in.path("executionArn").asText(null));
        return verdict;
    }

    /** Begin failed before it said what it changed: release this execution's pause if it holds one (conditional on the holder). */
    private void releaseWithoutRun(JsonNode input, String execution) {
        try {
            ports.pause().release(service(input).ref(), execution);
        } catch (RuntimeException e) {
            // an unknown service has no pause of this execution's; a failed release expires with the pause
        }
    }

    private List<Check> undo(HarnessRun run) {
        List<Check> checks = new ArrayList<>();
        ServiceRef ref = new ServiceRef(run.cluster(), run.service());
        Instant now = clock.instant();
        var scaling = ports.lease().current(ref).filter(held -> held.until().isAfter(now));
        if (scaling.isPresent()) {
            // a scale execution still runs (an act that failed does not stop it): ECS must not pick tasks under it
            checks.add(new Check("restore: the desired count went back to " + run.desiredBefore(), false, "left at the test's: "
                    + scaling.get().holder() + " still holds the lease; set it by hand once it ends"));
        } else {
            try {
                // a test service has no sessions but the test's, which end here: its count goes back to what it was
                ports.actuator().setDesiredCount(ref, run.desiredBefore());
            } catch (RuntimeException e) {
                checks.add(new Check("restore: the desired count went back to " + run.desiredBefore(), false, e.getMessage()));
            }
        }
        try {
            List<String> ends = new ArrayList<>();
            run.sessions().forEach((task, ids) -> ids.forEach(id -> ends.add(messages(run, task).ended(id, now))));
            send(ends);
        } catch (RuntimeException e) {
            checks.add(new Check("restore: the synthetic sessions were ended", false, e.getMessage()
                    + " (they end when their tasks stop or stop reporting)"));
        }
        try {
            ports.pause().release(ref, run.execution());
        } catch (RuntimeException e) {
            checks.add(new Check("restore: the analyzer was resumed", false, e.getMessage() + " (the pause expires at most "
                    + PAUSE.toHours() + " hours after the test began)"));
        }
        return checks;
    }

    /** The scale execution's outcome with every reason it gave for what it did not do. */
    private static String outcome(JsonNode output) {
        List<String> reasons = new ArrayList<>();
        for (String path : List.of("/verified/refused", "/drained", "/done/refused", "/plan/kept")) {
            output.at(path).forEach(r -> {
                if (r.hasNonNull("reason")) {
                    reasons.add((r.has("taskArn") ? HarnessScenario.shortId(r.get("taskArn").asText()) + ": " : "") + r.get("reason").asText());
                }
            });
        }
        String outcome = "outcome " + output.path("outcome").path("outcome").asText("?");
        return reasons.isEmpty() ? outcome : outcome + " (" + String.join("; ", reasons) + ")";
    }

    private static String causeOf(JsonNode error) {
        String cause = error.path("Cause").asText("");
        try {
            // a Lambda's error arrives as JSON with its message
            JsonNode parsed = Json.MAPPER.readTree(cause);
            return parsed != null && parsed.has("errorMessage") ? parsed.get("errorMessage").asText() : cause;
        } catch (Exception e) {
            return cause;
        }
    }

    private void send(List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += EventSender.MAX_BATCH) {
            List<String> batch = bodies.subList(from, Math.min(bodies.size(), from + EventSender.MAX_BATCH));
            List<EventSender.Outcome> outcomes;
            try {
                outcomes = ports.events().send(batch);
            } catch (Exception e) {
                throw new IllegalStateException("could not send session events: " + e.getMessage(), e);
            }
            if (outcomes.stream().anyMatch(o -> o != EventSender.Outcome.SENT)) {
                // Step Functions retries the step; events are idempotent (invariant 5), so sending all again is safe
                throw new IllegalStateException("the session queue did not take every event: " + outcomes);
            }
        }
    }

    private static SessionMessages messages(HarnessRun run, String task) {
        return new SessionMessages(new TaskIdentity(task, run.cluster(), run.service()));
    }

    private ManagedService service(HarnessRun run) {
        return service(run.cluster(), run.service());
    }

    /** The service the input names, or the only test service. */
    private ManagedService service(JsonNode input) {
        List<ManagedService> testServices = services.stream().filter(ManagedService::testService).toList();
        if (!input.has("cluster") && !input.has("service") && testServices.size() == 1) {
            return testServices.get(0);
        }
        return service(input.path("cluster").asText(""), input.path("service").asText(""));
    }

    private ManagedService service(String cluster, String service) {
        return services.stream().filter(s -> s.ref().equals(new ServiceRef(cluster, service))).findFirst()
                .orElseThrow(() -> new HarnessFailure("\"" + cluster + "/" + service + "\" is not a managed service; give cluster and"
                        + " service, one of " + services.stream().map(s -> s.ref().key()).toList()));
    }

    private static List<EcsTask> live(ServiceFleet fleet) {
        return fleet.tasks().stream().filter(t -> !t.lifecycle().isLeaving() && t.lifecycle() != TaskLifecycle.STOPPED).toList();
    }

    private boolean registered(ManagedService managed, String ip) {
        return target(managed, ip) == DrainCheck.TargetState.REGISTERED;
    }

    private DrainCheck.TargetState target(ManagedService managed, String ip) {
        return ip == null ? DrainCheck.TargetState.NOT_REGISTERED : ports.targets().state(managed.targetGroupArn(), ip, managed.targetPort());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static HarnessRun run(JsonNode in) {
        return Json.MAPPER.convertValue(in.path("run"), HarnessRun.class);
    }

    private static Act act(JsonNode in) {
        return Json.MAPPER.convertValue(in.path("act"), Act.class);
    }

    private static JsonNode tree(HarnessRun run) {
        return Json.MAPPER.valueToTree(run);
    }
}
