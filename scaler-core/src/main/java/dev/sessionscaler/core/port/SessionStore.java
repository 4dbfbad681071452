package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.TaskSessions;
import java.util.Map;
import java.util.Set;

/** Per-task session aggregates (adapter: {@code DynamoDbSessionStore}). */
public interface SessionStore {
    /** All task aggregates of a service, keyed by task ARN, in one query. */
    Map<String, TaskSessions> taskSessions(ServiceRef service);

    /** Reconciliation: deletes the sessions of tasks ECS no longer runs; returns how many tasks were purged. */
    int purgeTasksNotIn(ServiceRef service, Set<String> liveTaskArns);
}
