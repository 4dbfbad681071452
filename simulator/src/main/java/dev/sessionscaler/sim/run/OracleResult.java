package dev.sessionscaler.sim.run;

import dev.sessionscaler.sim.scenario.Oracle;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.SessionTrace;

/** The oracle as a policy row: just enough tasks each minute, started instantly, no session lost, no control plane. */
final class OracleResult {
    private OracleResult() {
    }

    static PolicyResult of(Scenario scenario, java.util.List<SessionTrace.Session> trace, int[] tasks) {
        int minutes = tasks.length;
        Timeline timeline = Timeline.of(minutes);
        int[] delta = new int[minutes + 1];
        for (SessionTrace.Session s : trace) {
            // active at the end of minutes [arrival / 60, ceil(end / 60) - 1), as the other timelines are sampled
            int from = Math.min(minutes, s.arrivalSecond() / 60);
            int to = Math.min(minutes, Math.max(from, (s.endSecond() + 59) / 60 - 1));
            delta[from]++;
            delta[to]--;
        }
        int active = 0;
        int scaleOuts = 0;
        int scaleIns = 0;
        Scenario.ServiceModel m = scenario.service();
        for (int minute = 0; minute < minutes; minute++) {
            active += delta[minute];
            timeline.activeSessions()[minute] = active;
            timeline.billedTasks()[minute] = tasks[minute];
            timeline.inServiceTasks()[minute] = tasks[minute];
            timeline.desiredCount()[minute] = tasks[minute];
            timeline.averageCpuPercent()[minute] = tasks[minute] == 0 ? 0
                    : Math.min(100, m.baseCpuPercent() + m.cpuPerSessionPercent() * active / tasks[minute]);
            int before = minute == 0 ? m.initialTasks() : tasks[minute - 1];
            if (tasks[minute] > before) {
                scaleOuts++;
                timeline.scaleOuts()[minute]++;
            } else if (tasks[minute] < before) {
                scaleIns++;
                timeline.scaleIns()[minute]++;
            }
        }
        return new PolicyResult(Simulation.ORACLE, new PolicyResult.Outcome(trace.size(), 0, 0, Oracle.taskMinutes(tasks), 0, 0, scaleOuts,
                scaleIns), timeline, ControlPlaneUsage.NONE);
    }
}
