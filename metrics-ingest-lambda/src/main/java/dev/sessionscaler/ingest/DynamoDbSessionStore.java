package dev.sessionscaler.ingest;

import dev.sessionscaler.core.runtime.Backoff;
import static dev.sessionscaler.ingest.SessionTableLayout.ACTIVE;
import static dev.sessionscaler.ingest.SessionTableLayout.ACTIVE_IDS;
import static dev.sessionscaler.ingest.SessionTableLayout.ACTIVE_SESSIONS;
import static dev.sessionscaler.ingest.SessionTableLayout.AT;
import static dev.sessionscaler.ingest.SessionTableLayout.CPU_PERCENT;
import static dev.sessionscaler.ingest.SessionTableLayout.MEMORY_PERCENT;
import static dev.sessionscaler.ingest.SessionTableLayout.HEARTBEAT_RECEIVED_AT;
import static dev.sessionscaler.ingest.SessionTableLayout.LAST_EVENT_AT;
import static dev.sessionscaler.ingest.SessionTableLayout.LAST_HEARTBEAT_AT;
import static dev.sessionscaler.ingest.SessionTableLayout.PK;
import static dev.sessionscaler.ingest.SessionTableLayout.SERVICE;
import static dev.sessionscaler.ingest.SessionTableLayout.SESSION_ID;
import static dev.sessionscaler.ingest.SessionTableLayout.SK;
import static dev.sessionscaler.ingest.SessionTableLayout.TASK_ARN;
import static dev.sessionscaler.ingest.SessionTableLayout.TTL;
import static dev.sessionscaler.ingest.SessionTableLayout.VERSION;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.model.TaskUsage;
import dev.sessionscaler.core.port.SessionRecorder;
import dev.sessionscaler.core.port.SessionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The session store on DynamoDB ({@link SessionTableLayout}).
 *
 * <p>Recording reads the task aggregate and the sessions the event concerns, plans the writes with
 * {@link SessionTransitions}, and commits the session items together with the aggregate's count in
 * one transaction, conditioned on the aggregate's {@code version}. Every write for a task bumps that
 * version, so a concurrent writer makes the transaction fail and the event is re-planned from fresh
 * state: the count always equals the number of active session items. Throttling is retried by the
 * SDK's retry policy; conflicts and unprocessed batch items by {@link Backoff}. A heartbeat that would change
 * nothing but its time skips all of this: one conditional update ({@code confirmedUnchanged}).
 */
public final class DynamoDbSessionStore implements SessionStore, SessionRecorder {
    /** DynamoDB allows 100 actions per transaction; one is the aggregate. */
    static final int SESSIONS_PER_TRANSACTION = 99;
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final int BATCH_GET_LIMIT = 100;
    /** Keeps the fast heartbeat's condition well inside DynamoDB's 4 KB expression limit. */
    static final int FAST_HEARTBEAT_MAX_IDS = 50;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final EventLimits limits;
    private final Backoff backoff;

    public DynamoDbSessionStore(DynamoDbClient dynamo, String table, Clock clock, EventLimits limits, Backoff backoff) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.limits = limits;
        this.backoff = backoff;
    }

    @Override
    public Recorded record(SessionEvent event, Instant receivedAt) {
        if (event instanceof SessionEvent.TaskHeartbeat beat && confirmedUnchanged(beat, receivedAt)) {
            return Recorded.NOTHING;
        }
        for (int attempt = 1; ; attempt++) {
            TaskAggregate aggregate = readAggregate(event.service(), event.taskArn());
            Map<String, SessionFact> known = readSessions(event, aggregate);
            SessionTransitions.Plan plan = SessionTransitions.plan(event, known, aggregate.lastHeartbeatAt);
            if (plan.changesNothing()) {
                return Recorded.NOTHING;
            }
            try {
                return commit(event, receivedAt, aggregate, known, plan);
            } catch (TransactionCanceledException e) {
                if (!isConflict(e) || attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt);
            } catch (ConditionalCheckFailedException e) {
                if (attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                backoff.pause(attempt);
            }
        }
    }

    /**
     * Most heartbeats list exactly the sessions the aggregate holds as active: that is one conditional update with no
     * read. The condition is what the full path would conclude from a read: the same set of ids (equal size and each
     * listed id present), newer than the last heartbeat and not older than the last event, so every listed session's
     * evidence moves to the heartbeat's time and nothing else changes. Any other heartbeat (or a missing or
     * pre-{@code activeIds} aggregate) fails the condition (1 write unit) and takes the full path.
     */
    private boolean confirmedUnchanged(SessionEvent.TaskHeartbeat beat, Instant receivedAt) {
        List<String> ids = List.copyOf(beat.activeSessionIds());
        if (ids.size() > FAST_HEARTBEAT_MAX_IDS) {
            return false;
        }
        Map<String, String> names = new HashMap<>(Map.of("#activeIds", ACTIVE_IDS, "#heartbeat", LAST_HEARTBEAT_AT,
                "#received", HEARTBEAT_RECEIVED_AT, "#lastEvent", LAST_EVENT_AT, "#version", VERSION));
        // attribute_exists first: DynamoDB fails size() of a missing map anyway, but moto errors on it (HTTP 500)
        StringBuilder condition = new StringBuilder(
                "attribute_exists(#activeIds) AND size(#activeIds) = :count AND #heartbeat < :t AND #lastEvent <= :t");
        StringBuilder set = new StringBuilder("SET #heartbeat = :t, #received = :received, #lastEvent = :t");
        for (int i = 0; i < ids.size(); i++) {
            names.put("#id" + i, ids.get(i));
            condition.append(" AND attribute_exists(#activeIds.#id").append(i).append(')');
            set.append(", #activeIds.#id").append(i).append(" = :t");
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":count", n(ids.size()), ":t", n(beat.timestamp().toEpochMilli()),
                ":received", n(receivedAt.toEpochMilli()), ":one", n(1)));
        String usage = usageUpdate(beat.usage(), names, values);
        try {
            dynamo.updateItem(r -> r.tableName(table).key(aggregateKey(beat.service(), beat.taskArn()))
                    .updateExpression(set + usage + " ADD #version :one")
                    .conditionExpression(condition.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The newest heartbeat's usage replaces the last one's, and one without usage removes it: what the aggregate holds
     * is always what its newest heartbeat said. Returns the clause to follow the SET clause.
     */
    private static String usageUpdate(TaskUsage usage, Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#cpu", CPU_PERCENT);
        names.put("#memory", MEMORY_PERCENT);
        if (usage == null) {
            return " REMOVE #cpu, #memory";
        }
        values.put(":cpu", AttributeValue.fromN(Double.toString(usage.cpuPercent())));
        values.put(":memory", AttributeValue.fromN(Double.toString(usage.memoryPercent())));
        return ", #cpu = :cpu, #memory = :memory";
    }

    private Recorded commit(SessionEvent event, Instant receivedAt, TaskAggregate aggregate, Map<String, SessionFact> known,
                            SessionTransitions.Plan plan) {
        List<SessionTransitions.SessionWrite> writes = plan.writes();
        Map<String, Long> activeIds = knownActiveIds(event, aggregate, known);
        if (activeIds != null) {
            activeIds.putAll(plan.timeMoves());
        }
        Heartbeat heartbeat = plan.heartbeatAt() == null ? null : new Heartbeat(plan.heartbeatAt(), receivedAt.toEpochMilli(),
                ((SessionEvent.TaskHeartbeat) event).usage());
        if (writes.isEmpty()) {
            // no session item changes: one conditional update (1 write unit, not a 2-unit transaction)
            dynamo.updateItem(toRequest(aggregateUpdate(event, aggregate.version, 0, heartbeat, aggregate, activeIds)));
            return Recorded.NOTHING;
        }
        long version = aggregate.version;
        int opened = 0;
        int closed = 0;
        int from = 0;
        do {
            int to = Math.min(writes.size(), from + SESSIONS_PER_TRANSACTION);
            List<SessionTransitions.SessionWrite> chunk = writes.subList(from, to);
            boolean last = to == writes.size();
            List<TransactWriteItem> items = new ArrayList<>(chunk.size() + 1);
            int delta = 0;
            for (SessionTransitions.SessionWrite write : chunk) {
                items.add(TransactWriteItem.builder().put(sessionPut(event, write)).build());
                delta += write.activeDelta();
                if (activeIds != null) {
                    if (write.fact().active()) {
                        activeIds.put(write.sessionId(), write.fact().atMillis());
                    } else {
                        activeIds.remove(write.sessionId());
                    }
                }
            }
            items.add(TransactWriteItem.builder()
                    .update(aggregateUpdate(event, version, delta, last ? heartbeat : null, aggregate, activeIds)).build());
            dynamo.transactWriteItems(r -> r.transactItems(items));
            for (SessionTransitions.SessionWrite write : chunk) {
                opened += Math.max(0, write.activeDelta());
                closed += Math.max(0, -write.activeDelta());
            }
            version++;
            from = to;
        } while (from < writes.size());
        return new Recorded(opened, closed);
    }

    /**
     * The task's active sessions (id to time of the evidence), when the store knows all of them: from the aggregate,
     * or, for an aggregate written before it kept them, from a heartbeat's full read. Null means unknown: START and
     * END then leave the aggregate's map absent until a heartbeat rebuilds it.
     */
    private static Map<String, Long> knownActiveIds(SessionEvent event, TaskAggregate aggregate, Map<String, SessionFact> known) {
        if (aggregate.knownActiveIds() != null) {
            return new TreeMap<>(aggregate.knownActiveIds());
        }
        if (event instanceof SessionEvent.TaskHeartbeat) {
            Map<String, Long> ids = new TreeMap<>();
            known.forEach((id, fact) -> {
                if (fact.active()) {
                    ids.put(id, fact.atMillis());
                }
            });
            return ids;
        }
        return null;
    }

    private static UpdateItemRequest toRequest(Update update) {
        return UpdateItemRequest.builder().tableName(update.tableName()).key(update.key())
                .updateExpression(update.updateExpression()).conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues()).build();
    }

    private Put sessionPut(SessionEvent event, SessionTransitions.SessionWrite write) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(SessionTableLayout.taskPk(event.taskArn())));
        item.put(SK, s(SessionTableLayout.sessionSk(write.sessionId())));
        item.put(SESSION_ID, s(write.sessionId()));
        item.put(SERVICE, s(event.service().key()));
        item.put(ACTIVE, AttributeValue.fromBool(write.fact().active()));
        item.put(AT, n(write.fact().atMillis()));
        if (!write.fact().active()) {
            item.put(TTL, n(clock.instant().plus(limits.tombstoneRetention()).getEpochSecond()));
        }
        return Put.builder().tableName(table).item(item).build();
    }

    /** The newest heartbeat, by the task's clock and by when AWS received it, and the usage it reported (or null). */
    private record Heartbeat(long at, long receivedAt, TaskUsage usage) {
    }

    private Update aggregateUpdate(SessionEvent event, long expectedVersion, int delta, Heartbeat heartbeat, TaskAggregate aggregate,
                                   Map<String, Long> activeIds) {
        Map<String, String> names = new HashMap<>(Map.of("#taskArn", TASK_ARN, "#lastEvent", LAST_EVENT_AT,
                "#active", ACTIVE_SESSIONS, "#version", VERSION));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":arn", s(event.taskArn()));
        values.put(":delta", n(delta));
        values.put(":one", n(1));
        values.put(":lastEvent", n(Math.max(aggregate.lastEventAt, event.timestamp().toEpochMilli())));
        String set = "SET #taskArn = :arn, #lastEvent = :lastEvent";
        if (activeIds != null) {
            Map<String, AttributeValue> ids = new HashMap<>();
            activeIds.forEach((id, at) -> ids.put(id, n(at)));
            set += ", #activeIds = :activeIds";
            names.put("#activeIds", ACTIVE_IDS);
            values.put(":activeIds", AttributeValue.fromM(ids));
        }
        if (heartbeat != null) {
            set += ", #heartbeat = :heartbeat, #received = :received";
            names.put("#heartbeat", LAST_HEARTBEAT_AT);
            names.put("#received", HEARTBEAT_RECEIVED_AT);
            values.put(":heartbeat", n(heartbeat.at()));
            values.put(":received", n(heartbeat.receivedAt()));
            set += usageUpdate(heartbeat.usage(), names, values);  // last: it may open the REMOVE clause
        }
        String condition;
        if (expectedVersion == 0) {
            condition = "attribute_not_exists(#version)";
        } else {
            condition = "#version = :expected";
            values.put(":expected", n(expectedVersion));
        }
        return Update.builder().tableName(table)
                .key(aggregateKey(event.service(), event.taskArn()))
                .updateExpression(set + " ADD #active :delta, #version :one")
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    private static boolean isConflict(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return false;
        }
        for (CancellationReason reason : e.cancellationReasons()) {
            String code = reason.code();
            if ("ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param activeIds           the active sessions and their evidence times; null on aggregates written before it was kept
     * @param heartbeatReceivedAt when AWS received the newest heartbeat; null on aggregates written before it was kept
     */
    private record TaskAggregate(long version, Long lastHeartbeatAt, Long heartbeatReceivedAt, long lastEventAt, int active,
                                 Map<String, Long> activeIds) {
        /** The active sessions, when the aggregate holds them all (a new aggregate has none); null otherwise. */
        Map<String, Long> knownActiveIds() {
            return activeIds != null ? activeIds : version == 0 ? Map.of() : null;
        }
    }

    private TaskAggregate readAggregate(ServiceRef service, String taskArn) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(aggregateKey(service, taskArn))).item();
        return item == null || item.isEmpty() ? new TaskAggregate(0, null, null, 0, 0, null) : toAggregate(item);
    }

    private static TaskAggregate toAggregate(Map<String, AttributeValue> item) {
        return new TaskAggregate(longOr(item, VERSION, 0), item.containsKey(LAST_HEARTBEAT_AT) ? longOr(item, LAST_HEARTBEAT_AT, 0) : null,
                item.containsKey(HEARTBEAT_RECEIVED_AT) ? longOr(item, HEARTBEAT_RECEIVED_AT, 0) : null, longOr(item, LAST_EVENT_AT, 0), (int) longOr(item, ACTIVE_SESSIONS, 0),
                activeIdsOf(item));
    }

    private static TaskUsage usageOf(Map<String, AttributeValue> item) {
        AttributeValue cpu = item.get(CPU_PERCENT);
        AttributeValue memory = item.get(MEMORY_PERCENT);
        return cpu == null || memory == null ? null : new TaskUsage(Double.parseDouble(cpu.n()), Double.parseDouble(memory.n()));
    }

    private static Map<String, Long> activeIdsOf(Map<String, AttributeValue> item) {
        AttributeValue ids = item.get(ACTIVE_IDS);
        if (ids == null || !ids.hasM()) {
            return null;
        }
        Map<String, Long> result = new HashMap<>();
        ids.m().forEach((id, at) -> result.put(id, Long.parseLong(at.n())));
        return result;
    }

    /**
     * For START/END, the one session. For a heartbeat, the task's active sessions from its aggregate, plus the listed
     * sessions the aggregate does not hold as active (their items may be tombstones a listing must not revive).
     * Ended sessions are kept for days, so a heartbeat never queries them all, except once for an aggregate written
     * before it kept its active sessions.
     */
    private Map<String, SessionFact> readSessions(SessionEvent event, TaskAggregate aggregate) {
        String pk = SessionTableLayout.taskPk(event.taskArn());
        Map<String, SessionFact> known = new HashMap<>();
        if (event instanceof SessionEvent.SessionStarted start) {
            readOne(pk, start.sessionId(), aggregate, known);
        } else if (event instanceof SessionEvent.SessionEnded end) {
            readOne(pk, end.sessionId(), aggregate, known);
        } else if (aggregate.knownActiveIds() != null) {
            Map<String, Long> active = aggregate.knownActiveIds();
            active.forEach((id, at) -> known.put(id, SessionFact.active(at)));
            List<String> unknown = ((SessionEvent.TaskHeartbeat) event).activeSessionIds().stream()
                    .filter(id -> !active.containsKey(id)).sorted().toList();
            readMany(pk, unknown, known);
        } else {
            QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":pk", s(pk)))
                    .build();
            dynamo.queryPaginator(query).items().forEach(item -> known.put(item.get(SESSION_ID).s(), toFact(item)));
        }
        return known;
    }

    /** BatchGetItem, 100 keys a call; keys DynamoDB leaves unprocessed are asked again after a pause. */
    private void readMany(String pk, List<String> sessionIds, Map<String, SessionFact> known) {
        for (int from = 0; from < sessionIds.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = sessionIds.subList(from, Math.min(sessionIds.size(), from + BATCH_GET_LIMIT))
                    .stream().map(id -> Map.of(PK, s(pk), SK, s(SessionTableLayout.sessionSk(id)))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(request));
                response.responses().getOrDefault(table, List.of()).forEach(item -> known.put(item.get(SESSION_ID).s(), toFact(item)));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!pending.isEmpty()) {
                    if (attempt >= backoff.maxAttempts()) {
                        throw new IllegalStateException("DynamoDB left session reads unprocessed after " + attempt + " attempts");
                    }
                    backoff.pause(attempt);
                }
            }
        }
    }

    /**
     * One session's fact. A heartbeat's confirmation of an active session moves only the time kept in the aggregate
     * (no item write), so for an active session the newer of the two is its evidence.
     */
    private void readOne(String pk, String sessionId, TaskAggregate aggregate, Map<String, SessionFact> known) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(pk), SK, s(SessionTableLayout.sessionSk(sessionId))))).item();
        SessionFact fact = item == null || item.isEmpty() ? null : toFact(item);
        Long confirmed = aggregate.activeIds == null ? null : aggregate.activeIds.get(sessionId);
        if (confirmed != null && (fact == null || fact.active())) {
            fact = SessionFact.active(Math.max(confirmed, fact == null ? confirmed : fact.atMillis()));
        }
        if (fact != null) {
            known.put(sessionId, fact);
        }
    }

    private static SessionFact toFact(Map<String, AttributeValue> item) {
        return new SessionFact(Boolean.TRUE.equals(item.get(ACTIVE).bool()), longOr(item, AT, 0));
    }

    @Override
    public Map<String, TaskSessions> taskSessions(ServiceRef service) {
        Map<String, TaskSessions> result = new TreeMap<>();
        for (Map<String, AttributeValue> item : queryAggregates(service)) {
            TaskAggregate a = toAggregate(item);
            String arn = item.get(TASK_ARN).s();
            // freshness by when AWS received the newest heartbeat; older aggregates fall back to its own timestamp
            Long received = a.heartbeatReceivedAt != null ? a.heartbeatReceivedAt : a.lastHeartbeatAt;
            result.put(arn, new TaskSessions(arn, a.active, received == null ? null : Instant.ofEpochMilli(received),
                    a.lastHeartbeatAt == null ? null : Instant.ofEpochMilli(a.lastHeartbeatAt), usageOf(item)));
        }
        return result;
    }

    @Override
    public int purgeTasksNotIn(ServiceRef service, Set<String> liveTaskArns) {
        int purged = 0;
        for (Map<String, AttributeValue> aggregate : queryAggregates(service)) {
            String arn = aggregate.get(TASK_ARN).s();
            if (liveTaskArns.contains(arn)) {
                continue;
            }
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            dynamo.queryPaginator(r -> r.tableName(table).keyConditionExpression("#pk = :pk")
                            .projectionExpression("#pk, #sk")
                            .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                            .expressionAttributeValues(Map.of(":pk", s(SessionTableLayout.taskPk(arn)))))
                    .items().forEach(keys::add);
            keys.add(aggregateKey(service, arn));
            deleteAll(keys);
            purged++;
        }
        return purged;
    }

    private void deleteAll(List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += BATCH_WRITE_LIMIT) {
            List<WriteRequest> requests = keys.subList(from, Math.min(keys.size(), from + BATCH_WRITE_LIMIT)).stream()
                    .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, requests);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                Map<String, List<WriteRequest>> batch = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(batch));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                if (!pending.isEmpty()) {
                    if (attempt >= backoff.maxAttempts()) {
                        throw new IllegalStateException("DynamoDB left " + pending.get(table).size()
                                + " deletes unprocessed after " + attempt + " attempts");
                    }
                    backoff.pause(attempt);
                }
            }
        }
    }

    private List<Map<String, AttributeValue>> queryAggregates(ServiceRef service) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(SessionTableLayout.servicePk(service)))))
                .items().forEach(items::add);
        return items;
    }

    private static Map<String, AttributeValue> aggregateKey(ServiceRef service, String taskArn) {
        return Map.of(PK, s(SessionTableLayout.servicePk(service)), SK, s(SessionTableLayout.taskSk(taskArn)));
    }

    private static long longOr(Map<String, AttributeValue> item, String name, long fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? fallback : Long.parseLong(value.n());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
