package dev.sessionscaler.ingest;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.model.TaskUsage;
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
        /** The ids whose fact is active: a heartbeat needs those, not the task's ended sessions, which only grow. */
        final Set<String> activeIds = new java.util.HashSet<>();
        int active;
        Long lastHeartbeatAt;
        Long heartbeatReceivedAt;
        TaskUsage usage;

        TaskRecord(ServiceRef service) {
            this.service = service;
        }
    }

    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();

    @Override
    public synchronized Recorded record(SessionEvent event, Instant receivedAt) {
        TaskRecord task = tasks.computeIfAbsent(event.taskArn(), arn -> new TaskRecord(event.service()));
        SessionTransitions.Plan plan = SessionTransitions.plan(event, known(task, event), task.lastHeartbeatAt);
        int opened = 0;
        int closed = 0;
        for (SessionTransitions.SessionWrite write : plan.writes()) {
            put(task, write.sessionId(), write.fact());
            opened += Math.max(0, write.activeDelta());
            closed += Math.max(0, -write.activeDelta());
        }
        plan.timeMoves().forEach((id, at) -> put(task, id, SessionFact.active(at)));
        task.active += plan.activeDelta();
        if (plan.heartbeatAt() != null) {
            task.lastHeartbeatAt = plan.heartbeatAt();
            task.heartbeatReceivedAt = receivedAt.toEpochMilli();
            task.usage = ((SessionEvent.TaskHeartbeat) event).usage();
        }
        return new Recorded(opened, closed);
    }

    /**
     * What {@link SessionTransitions#plan} needs, as the DynamoDB store reads it: for a heartbeat, the task's active
     * sessions and the listed ones it knows; for a start or an end, that session's fact (the whole map serves).
     */
    private static Map<String, SessionFact> known(TaskRecord task, SessionEvent event) {
        if (!(event instanceof SessionEvent.TaskHeartbeat beat)) {
            return task.sessions;
        }
        Map<String, SessionFact> known = new HashMap<>();
        task.activeIds.forEach(id -> known.put(id, task.sessions.get(id)));
        for (String id : beat.activeSessionIds()) {
            SessionFact fact = task.sessions.get(id);
            if (fact != null) {
                known.put(id, fact);
            }
        }
        return known;
    }

    private static void put(TaskRecord task, String sessionId, SessionFact fact) {
        task.sessions.put(sessionId, fact);
        if (fact.active()) {
            task.activeIds.add(sessionId);
        } else {
            task.activeIds.remove(sessionId);
        }
    }

    @Override
    public synchronized Map<String, TaskSessions> taskSessions(ServiceRef service) {
        Map<String, TaskSessions> result = new TreeMap<>();
        tasks.forEach((arn, task) -> {
            if (task.service.equals(service)) {
                result.put(arn, new TaskSessions(arn, task.active, instant(task.heartbeatReceivedAt), instant(task.lastHeartbeatAt),
                        task.usage));
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

    private static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }
}
