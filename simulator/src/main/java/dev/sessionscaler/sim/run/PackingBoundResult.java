package dev.sessionscaler.sim.run;

import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.SessionTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The best any policy can do that never moves a session and does not know how long sessions last: each new session
 * goes to the fullest task with a free slot, a task starts the instant none has one (up to {@code maxTasks}; beyond,
 * the session is rejected) and stops the instant it empties (never below {@code minTasks}). No policy that runs real
 * tasks can reach it: starts and stops take time, and routing is the load balancer's. Computed from the trace, in
 * the same order of events as the simulated world (ends before arrivals in a second).
 */
final class PackingBoundResult {
    static final String NAME = "packing-bound";

    private PackingBoundResult() {
    }

    static PolicyResult of(Scenario scenario, List<SessionTrace.Session> trace) {
        Scenario.ServiceModel m = scenario.service();
        int minutes = scenario.durationMinutes();
        int total = minutes * 60;
        Timeline timeline = Timeline.of(minutes);
        List<int[]> tasks = new ArrayList<>();  // each task's session count, in a one-element array
        for (int i = 0; i < m.initialTasks(); i++) {
            tasks.add(new int[1]);
        }
        Map<Integer, int[]> placement = new HashMap<>();
        PriorityQueue<SessionTrace.Session> ends = new PriorityQueue<>(
                Comparator.comparingInt(SessionTrace.Session::endSecond).thenComparingInt(SessionTrace.Session::id));
        int next = 0;
        int started = 0;
        int rejected = 0;
        int active = 0;
        long taskSeconds = 0;
        int scaleOuts = 0;
        int scaleIns = 0;
        for (int second = 1; second <= total; second++) {
            int before = tasks.size();
            while (!ends.isEmpty() && ends.peek().endSecond() <= second) {
                placement.remove(ends.poll().id())[0]--;
                active--;
            }
            stopEmptyTasks(tasks, m.minTasks());
            while (next < trace.size() && trace.get(next).arrivalSecond() < second) {
                SessionTrace.Session s = trace.get(next++);
                int[] task = fullestWithRoom(tasks, m.sessionsPerTask());
                if (task == null && tasks.size() < m.maxTasks()) {
                    task = new int[1];
                    tasks.add(task);
                }
                if (task == null) {
                    rejected++;
                    timeline.rejected()[(second - 1) / 60]++;
                    continue;
                }
                task[0]++;
                active++;
                started++;
                placement.put(s.id(), task);
                ends.add(s);
            }
            while (tasks.size() < m.minTasks()) {
                tasks.add(new int[1]);
            }
            taskSeconds += tasks.size();
            int minute = (second - 1) / 60;
            if (tasks.size() > before) {
                scaleOuts++;
                timeline.scaleOuts()[minute]++;
            } else if (tasks.size() < before) {
                scaleIns++;
                timeline.scaleIns()[minute]++;
            }
            if (second % 60 == 0) {
                timeline.activeSessions()[minute] = active;
                timeline.billedTasks()[minute] = tasks.size();
                timeline.inServiceTasks()[minute] = tasks.size();
                timeline.desiredCount()[minute] = tasks.size();
                timeline.averageCpuPercent()[minute] = tasks.isEmpty() ? 0
                        : Math.min(100, m.baseCpuPercent() + m.cpuPerSessionPercent() * active / tasks.size());
            }
        }
        return new PolicyResult(NAME, new PolicyResult.Outcome(started, 0, rejected, taskSeconds / 60.0, 0, 0, scaleOuts, scaleIns),
                timeline, ControlPlaneUsage.NONE);
    }

    /** Empty tasks stop at once, down to {@code minTasks}. */
    private static void stopEmptyTasks(List<int[]> tasks, int minTasks) {
        for (Iterator<int[]> it = tasks.iterator(); it.hasNext() && tasks.size() > minTasks; ) {
            if (it.next()[0] == 0) {
                it.remove();
            }
        }
    }

    private static int[] fullestWithRoom(List<int[]> tasks, int sessionsPerTask) {
        int[] best = null;
        for (int[] task : tasks) {
            if (task[0] < sessionsPerTask && (best == null || task[0] > best[0])) {
                best = task;
            }
        }
        return best;
    }
}
