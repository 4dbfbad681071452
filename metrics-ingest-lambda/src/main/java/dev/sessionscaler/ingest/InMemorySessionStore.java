package dev.sessionscaler.ingest;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.port.SessionRecorder;
import dev.sessionscaler.core.port.SessionStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A session store in memory, applying the same {@link SessionTransitions} as
 * {@link DynamoDbSessionStore}. Not used by the Lambda: it serves unit tests, property tests (as the
 * reference model) and CPU-only benchmarks. Synchronized, since tests may share it.
 */
public final class InMemorySessionStore implements SessionStore, SessionRecorder {

    private static final class TaskRecord {
        final ServiceRef service;
        final Map<String, SessionFact> sessions = new HashMap<>();
        int active;
        Long lastHeartbeatAt;
        Long heartbeatReceivedAt;

        TaskRecord(ServiceRef service) {
            this.service = service;
        }
    }

    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();

    @Override
    public synchronized Recorded record(SessionEvent event, Instant receivedAt) {
        TaskRecord task = tasks.computeIfAbsent(event.taskArn(), arn -> new TaskRecord(event.service()));
        SessionTransitions.Plan plan = SessionTransitions.plan(event, task.sessions, task.lastHeartbeatAt);
        int opened = 0;
        int closed = 0;
        for (SessionTransitions.SessionWrite write : plan.writes()) {
            task.sessions.put(write.sessionId(), write.fact());
            opened += Math.max(0, write.activeDelta());
            closed += Math.max(0, -write.activeDelta());
        }
        plan.timeMoves().forEach((id, at) -> task.sessions.put(id, SessionFact.active(at)));
        task.active += plan.activeDelta();
        if (plan.heartbeatAt() != null) {
            task.lastHeartbeatAt = plan.heartbeatAt();
            task.heartbeatReceivedAt = receivedAt.toEpochMilli();
        }
        return new Recorded(opened, closed);
    }

    @Override
    public synchronized Map<String, TaskSessions> taskSessions(ServiceRef service) {
        Map<String, TaskSessions> result = new TreeMap<>();
        tasks.forEach((arn, task) -> {
            if (task.service.equals(service)) {
                result.put(arn, new TaskSessions(arn, task.active,
                        task.heartbeatReceivedAt == null ? null : Instant.ofEpochMilli(task.heartbeatReceivedAt)));
            }
        });
        return result;
    }

    @Override
    public synchronized int purgeTasksNotIn(ServiceRef service, Set<String> liveTaskArns) {
        int before = tasks.size();
        tasks.entrySet().removeIf(e -> e.getValue().service.equals(service) && !liveTaskArns.contains(e.getKey()));
        return before - tasks.size();
    }

    /** The ids of active sessions per task of a service, for tests that compare exact state. */
    public synchronized Map<String, Set<String>> activeSessionIds(ServiceRef service) {
        Map<String, Set<String>> result = new TreeMap<>();
        tasks.forEach((arn, task) -> {
            if (task.service.equals(service)) {
                Set<String> ids = new java.util.TreeSet<>();
                task.sessions.forEach((id, fact) -> {
                    if (fact.active()) {
                        ids.add(id);
                    }
                });
                result.put(arn, ids);
            }
        });
        return result;
    }
}
