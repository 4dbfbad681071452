package dev.sessionscaler.sim.scenario;

import java.util.List;

/**
 * The baseline no policy can beat: each minute, just enough tasks for the sessions active in it (and
 * never fewer than {@code minTasks}), with perfect foresight and instant starts. Efficiency is the oracle's
 * task-minutes over a policy's.
 */
public final class Oracle {
    private Oracle() {
    }

    /** Tasks needed in each minute of the scenario. */
    public static int[] tasksPerMinute(Scenario scenario, List<SessionTrace.Session> sessions) {
        int minutes = scenario.durationMinutes();
        int[] peak = new int[minutes];
        int[] delta = new int[minutes * 60 + 1];
        for (SessionTrace.Session s : sessions) {
            delta[Math.min(s.arrivalSecond(), delta.length - 1)]++;
            delta[Math.min(s.endSecond(), delta.length - 1)]--;
        }
        int active = 0;
        for (int second = 0; second < minutes * 60; second++) {
            active += delta[second];
            peak[second / 60] = Math.max(peak[second / 60], active);
        }
        int perTask = scenario.service().sessionsPerTask();
        int[] tasks = new int[minutes];
        for (int m = 0; m < minutes; m++) {
            int needed = (peak[m] + perTask - 1) / perTask;
            tasks[m] = Math.min(scenario.service().maxTasks(), Math.max(scenario.service().minTasks(), needed));
        }
        return tasks;
    }

    public static long taskMinutes(int[] tasksPerMinute) {
        long total = 0;
        for (int tasks : tasksPerMinute) {
            total += tasks;
        }
        return total;
    }
}
