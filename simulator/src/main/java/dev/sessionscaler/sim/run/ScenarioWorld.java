package dev.sessionscaler.sim.run;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.SessionTrace;
import dev.sessionscaler.sim.workflow.SimulatedService;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

/**
 * One policy's run of a scenario, second by second in virtual time: sessions of the trace arrive at the
 * (simulated) load balancer and end when the trace says unless they are cut; the simulated ECS service,
 * target group and CloudWatch move on; the policy gets a turn each second. The policy may advance the world
 * itself (a workflow waiting), which is why time is kept here and not in the caller's loop.
 */
public final class ScenarioWorld {
    public static final ServiceRef SERVICE = new ServiceRef("sim", "sessions");

    private final Scenario scenario;
    private final SimulatedService service;
    private final SimulatedCloudWatch cloudWatch;
    private final List<SessionTrace.Session> trace;
    private final PriorityQueue<SessionTrace.Session> ends = new PriorityQueue<>(
            Comparator.comparingInt(SessionTrace.Session::endSecond).thenComparingInt(SessionTrace.Session::id));
    private final Map<Integer, String> placement = new HashMap<>();
    private final Timeline timeline;
    private final int totalSeconds;
    private final OutcomeCounters counters;
    private SimulationPolicy policy;
    private int nextArrival;
    private int second;

    public ScenarioWorld(Scenario scenario, List<SessionTrace.Session> trace, Instant start) {
        this.scenario = scenario;
        this.trace = trace;
        this.totalSeconds = scenario.durationMinutes() * 60;
        Scenario.ServiceModel m = scenario.service();
        service = new SimulatedService(SERVICE, new SimulatedService.Model(m.taskStartSeconds(), m.healthCheckSeconds(),
                m.availabilityZones(), m.targetGroup(), m.deregistrationLagSeconds()), m.initialTasks(), start);
        cloudWatch = new SimulatedCloudWatch(start, m, scenario.durationMinutes());
        timeline = Timeline.of(scenario.durationMinutes());
        counters = new OutcomeCounters(m.sessionsPerTask(), m.initialTasks());
        service.onSessionsCut((task, ids) -> {
            ids.stream().filter(id -> id.startsWith("s-")).forEach(id -> placement.remove(sessionNumber(id)));
            if (second <= totalSeconds) {
                counters.interrupted(ids.size());
                timeline.interrupted()[minuteOf(second)] += ids.size();
            }
        });
    }

    public Scenario scenario() {
        return scenario;
    }

    public SimulatedService service() {
        return service;
    }

    public SimulatedCloudWatch cloudWatch() {
        return cloudWatch;
    }

    public Instant now() {
        return service.now();
    }

    /** Runs the whole scenario with {@code policy}; {@code progress} gets the seconds done. */
    public PolicyResult run(SimulationPolicy policy, IntConsumer progress) {
        this.policy = policy;
        policy.attach(this);
        while (second < totalSeconds) {
            advance(1);
            if (second % 600 == 0) {
                progress.accept(Math.min(second, totalSeconds));
            }
        }
        return new PolicyResult(policy.name(), counters.summary(), timeline, policy.usage(), policy.decisions());
    }

    /** Moves the world forward; the policy gets its turn after every second. */
    public void advance(long seconds) {
        for (long i = 0; i < seconds; i++) {
            second++;
            service.advance(1);
            endSessions();
            startSessions();
            List<SimulatedService.TaskView> running = service.runningTasks();
            cloudWatch.sample(second, running);
            if (second <= totalSeconds) {
                account(running);
            }
            policy.afterSecond(second);
        }
    }

    private void endSessions() {
        while (!ends.isEmpty() && ends.peek().endSecond() <= second) {
            SessionTrace.Session s = ends.poll();
            String task = placement.remove(s.id());
            if (task != null && service.endSession(task, sessionId(s))) {
                policy.sessionEnded(task, sessionId(s), now());
            }
        }
    }

    private void startSessions() {
        while (nextArrival < trace.size() && trace.get(nextArrival).arrivalSecond() < second) {
            SessionTrace.Session s = trace.get(nextArrival++);
            String task = service.routeSession(sessionId(s), scenario.service().sessionsPerTask());
            if (task == null) {
                counters.rejected();
                timeline.rejected()[minuteOf(second)]++;
                continue;
            }
            counters.started();
            placement.put(s.id(), task);
            ends.add(s);
            policy.sessionStarted(task, sessionId(s), now());
        }
    }

    private void account(List<SimulatedService.TaskView> running) {
        int billed = service.billedTasks();
        int active = 0;
        int freeSlots = 0;
        int inService = 0;
        for (SimulatedService.TaskView t : running) {
            active += t.sessions();
            if (t.inService()) {
                inService++;
                freeSlots += Math.max(0, scenario.service().sessionsPerTask() - t.sessions());
            }
        }
        int minute = minuteOf(second);
        int desiredBefore = counters.desiredCount();
        counters.second(second, billed, inService, freeSlots, service.desiredCount(), minute);
        if (service.desiredCount() > desiredBefore) {
            timeline.scaleOuts()[minute]++;
        } else if (service.desiredCount() < desiredBefore) {
            timeline.scaleIns()[minute]++;
        }
        if (second % 60 == 0) {
            timeline.activeSessions()[minute] = active;
            timeline.billedTasks()[minute] = billed;
            timeline.inServiceTasks()[minute] = inService;
            timeline.outOfServiceTasks()[minute] = service.outOfServiceTasks();
            timeline.desiredCount()[minute] = service.desiredCount();
            Double cpu = cloudWatch.averageCpu(minute);
            timeline.averageCpuPercent()[minute] = cpu == null ? 0 : cpu;
        }
    }

    private static int minuteOf(int second) {
        return (second - 1) / 60;
    }

    static String sessionId(SessionTrace.Session s) {
        return "s-" + s.id();
    }

    private static int sessionNumber(String sessionId) {
        return Integer.parseInt(sessionId.substring(2));
    }

    /** Seconds simulated so far (past the scenario's end only while a workflow finishes). */
    public int second() {
        return second;
    }
}
