package dev.sessionscaler.sim.run;

/**
 * One value per simulated minute, taken at the minute's end: what the report's charts draw. Out-of-service tasks
 * are running tasks that are not being stopped and get no new sessions: cordoned, or draining before a stop.
 */
public record Timeline(int[] activeSessions, int[] billedTasks, int[] inServiceTasks, int[] outOfServiceTasks,
                       int[] desiredCount, double[] averageCpuPercent, int[] rejected, int[] interrupted, int[] scaleOuts,
                       int[] scaleIns) {

    public static Timeline of(int minutes) {
        return new Timeline(new int[minutes], new int[minutes], new int[minutes], new int[minutes], new int[minutes],
                new double[minutes], new int[minutes], new int[minutes], new int[minutes], new int[minutes]);
    }

    public int minutes() {
        return activeSessions.length;
    }
}
