package dev.sessionscaler.core.policy;

import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.model.TaskMark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins what ECS, CloudWatch, the session store and the scale ledger say into one snapshot. A task the session
 * store has never heard of gets no heartbeat, so once past start-up it counts as unknown (busy). A task the
 * ledger marks as a scale-in victim is draining; one it marks as cordoned is cordoned, with the cordon's deadline.
 */
public final class FleetAssembler {
    private FleetAssembler() {
    }

    public static FleetSnapshot assemble(ServiceFleet ecs, ServiceMetrics metrics, Map<String, TaskSessions> sessions) {
        return assemble(ecs, metrics, sessions, List.of());
    }

    public static FleetSnapshot assemble(ServiceFleet ecs, ServiceMetrics metrics, Map<String, TaskSessions> sessions,
                                         List<TaskMark> marks) {
        Map<String, TaskMark> marked = new HashMap<>();
        marks.forEach(m -> marked.put(m.taskArn(), m));
        List<TaskState> tasks = new ArrayList<>(ecs.tasks().size());
        for (EcsTask task : ecs.tasks()) {
            TaskSessions s = sessions.get(task.taskArn());
            ServiceMetrics.TaskMetrics m = metrics.perTask().get(task.taskArn());
            TaskMark mark = marked.get(task.taskArn());
            boolean cordoned = mark != null && mark.kind() == TaskMark.Kind.CORDONED;
            tasks.add(new TaskState(task.taskArn(), task.availabilityZone(), task.startedAt(), task.lifecycle(),
                    task.healthy(), task.scaleInProtected(), mark != null && !cordoned,
                    s == null ? 0 : s.activeSessions(), s == null ? null : s.lastHeartbeat(), s == null ? null : s.lastHeartbeatSentAt(),
                    m == null ? null : m.cpuPercent(), m == null ? null : m.memoryPercent(),
                    cordoned ? mark.since() : null, cordoned ? mark.deadline() : null));
        }
        return new FleetSnapshot(ecs.service(), metrics.serviceCpuPercent(), metrics.serviceMemoryPercent(),
                metrics.serviceMaxCpuPercent(), tasks);
    }
}
