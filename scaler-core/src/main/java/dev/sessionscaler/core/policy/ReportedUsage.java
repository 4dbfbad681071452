package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.model.TaskUsage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The service's CPU and memory from its tasks' own reports, when they cover it: every running task's newest heartbeat
 * is fresh and carried its usage. Then the analyzer needs no CloudWatch read (which CloudWatch bills per metric), and
 * knows each task's CPU rather than only the busiest. Anything less (a running task silent, stale, or reporting no
 * usage) is not enough: the figures come from CloudWatch as before, since an average over some of the tasks could
 * read a busy service as idle.
 */
public final class ReportedUsage {
    private ReportedUsage() {
    }

    public static Optional<ServiceMetrics> of(ServiceFleet ecs, Map<String, TaskSessions> sessions, ScalerConfig config, Instant now) {
        Map<String, ServiceMetrics.TaskMetrics> perTask = new HashMap<>();
        double cpu = 0;
        double memory = 0;
        double maxCpu = 0;
        for (EcsTask task : ecs.tasks()) {
            if (task.lifecycle() != TaskLifecycle.RUNNING) {
                continue;  // like the AWS/ECS metrics, which only running tasks feed
            }
            TaskSessions reported = sessions.get(task.taskArn());
            if (reported == null || reported.usage() == null || !SessionKnowledge.isFresh(reported.lastHeartbeat(), config, now)) {
                return Optional.empty();
            }
            TaskUsage usage = reported.usage();
            perTask.put(task.taskArn(), new ServiceMetrics.TaskMetrics(usage.cpuPercent(), usage.memoryPercent()));
            cpu += usage.cpuPercent();
            memory += usage.memoryPercent();
            maxCpu = Math.max(maxCpu, usage.cpuPercent());
        }
        if (perTask.isEmpty()) {
            return Optional.empty();
        }
        int n = perTask.size();
        return Optional.of(new ServiceMetrics(cpu / n, memory / n, maxCpu, perTask));
    }
}
