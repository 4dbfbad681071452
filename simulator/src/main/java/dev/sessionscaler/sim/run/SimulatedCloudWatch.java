package dev.sessionscaler.sim.run;

import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.MetricsReader;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.workflow.SimulatedService;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * <b>Simulated:</b> the AWS/ECS service metrics in CloudWatch. A task's CPU is the scenario's base plus
 * its per-session cost (at most 100 %); memory is not in the scenario format, so it is modelled as 20 % plus
 * 40 % of the task's session slots in use, which keeps it below every memory target. Each running task is
 * sampled every second; a one-minute datapoint holds the average over tasks and seconds (and the maximum for
 * the {@code Maximum} statistic), and is published {@link #PUBLICATION_LAG_SECONDS} after its minute ends.
 */
public final class SimulatedCloudWatch implements MetricsReader {
    static final int PUBLICATION_LAG_SECONDS = 60;

    private final Instant start;
    private final Scenario.ServiceModel model;
    private final double[] cpuSum;
    private final double[] memorySum;
    private final double[] cpuMax;
    private final int[] samples;

    public SimulatedCloudWatch(Instant start, Scenario.ServiceModel model, int minutes) {
        this.start = start;
        this.model = model;
        cpuSum = new double[minutes];
        memorySum = new double[minutes];
        cpuMax = new double[minutes];
        samples = new int[minutes];
    }

    public double taskCpuPercent(double sessions) {
        return Math.min(100, model.baseCpuPercent() + model.cpuPerSessionPercent() * sessions);
    }

    public double taskMemoryPercent(double sessions) {
        return 20 + 40.0 * sessions / model.sessionsPerTask();
    }

    /** Records the running tasks at {@code second} (1 = the end of the scenario's first second). */
    public void sample(int second, List<SimulatedService.TaskView> running) {
        int minute = (second - 1) / 60;
        if (minute >= samples.length) {
            return;
        }
        for (SimulatedService.TaskView task : running) {
            double cpu = taskCpuPercent(task.sessions());
            cpuSum[minute] += cpu;
            cpuMax[minute] = Math.max(cpuMax[minute], cpu);
            memorySum[minute] += taskMemoryPercent(task.sessions());
            samples[minute]++;
        }
    }

    /** The minute's average CPU, or null if no task ran in it. */
    public Double averageCpu(int minute) {
        return minute < 0 || minute >= samples.length || samples[minute] == 0 ? null : cpuSum[minute] / samples[minute];
    }

    /** The newest minute whose datapoint is published at {@code now} (may be negative: none yet). */
    public int latestPublishedMinute(Instant now) {
        long seconds = Duration.between(start, now).getSeconds();
        return (int) Math.floorDiv(seconds - PUBLICATION_LAG_SECONDS, 60) - 1;
    }

    @Override
    public ServiceMetrics read(ServiceRef service, Collection<String> taskArns, Instant now) {
        int minute = Math.min(latestPublishedMinute(now), samples.length - 1);
        if (minute < 0 || samples[minute] == 0) {
            return new ServiceMetrics(null, null, null, Map.of());
        }
        return new ServiceMetrics(cpuSum[minute] / samples[minute], memorySum[minute] / samples[minute], cpuMax[minute],
                Map.of());
    }
}
