package dev.sessionscaler.ingest;

import dev.sessionscaler.core.runtime.Backoff;
import static dev.sessionscaler.ingest.SessionTableLayout.ACTIVE;
import static dev.sessionscaler.ingest.SessionTableLayout.ACTIVE_DIGEST;
import static dev.sessionscaler.ingest.SessionTableLayout.LEGACY_ACTIVE_IDS;
import static dev.sessionscaler.ingest.SessionTableLayout.RECENT_EVIDENCE;
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
 * SDK's retry policy; conflicts and unprocessed batch items by {@link Backoff}.
 *
 * <p><b>The aggregate's size does not grow with its sessions.</b> It stands for its set of active sessions by their
 * count and an order-free {@link SessionDigest}, and for their evidence times by one rule: an active session's evidence
 * is the newest heartbeat's time, unless {@code recentEvidence} names it with a time of its own. A heartbeat listing a
 * session moves its evidence to the heartbeat (a late END older than that must not end it); when the heartbeat is the
 * newest, the move needs no write at all, and the session leaves {@code recentEvidence}. What stays there is only
 * what no newest heartbeat has confirmed: sessions started since it, or left off it within its 30 s of doubt. So:
 * <ul>
 *   <li>a heartbeat listing exactly the active sessions, and no older than any event: one conditional update, no
 *       read ({@code confirmedUnchanged}), whatever the number of sessions;</li>
 *   <li>a START or END: the aggregate and the session read, both written in one transaction;</li>
 *   <li>another heartbeat: the aggregate read and, only if its list differs from the active set, the task's session
 *       items queried; then the items it changes and the aggregate written.</li>
 * </ul>
 */
public final class DynamoDbSessionStore implements SessionStore, SessionRecorder {
    /** DynamoDB allows 100 actions per transaction; one is the aggregate. */
    static final int SESSIONS_PER_TRANSACTION = 99;
    private static final int BATCH_WRITE_LIMIT = 25;

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
        // a heartbeat's digest, once: the one-update path and the full path's comparison both need it
        String listedDigest = event instanceof SessionEvent.TaskHeartbeat beat ? SessionDigest.of(beat.activeSessionIds()) : null;
        if (event instanceof SessionEvent.TaskHeartbeat beat && confirmedUnchanged(beat, listedDigest, receivedAt)) {
            return Recorded.NOTHING;
        }
        for (int attempt = 1; ; attempt++) {
            TaskAggregate aggregate = readAggregate(event.service(), event.taskArn());
            Map<String, SessionFact> known = readSessions(event, aggregate, listedDigest);
            SessionTransitions.Plan plan = SessionTransitions.plan(event, known, aggregate.lastHeartbeatAt);
            if (plan.changesNothing()) {
                if (readAggregate(event.service(), event.taskArn()).version == aggregate.version) {
                    return Recorded.NOTHING;
                }
                // Another writer changed the task between the two reads: the sessions were read newer than the aggregate,
                // and a session it started would look confirmed by the last heartbeat. A write would fail on the version
                // and be planned again; concluding "nothing to do" must be checked the same way.
                if (attempt >= backoff.maxAttempts()) {
                    throw new IllegalStateException("the task " + event.taskArn() + " kept changing while this event was read");
                }
                backoff.pause(attempt);
                continue;
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
     * Most heartbeats list exactly the task's active sessions: one conditional update with no read. The condition is
     * what the full path would conclude from a read: the same set (count and digest), newer than any heartbeat before
     * it and not older than any event. Every active session's evidence is then at most this heartbeat's time (no
     * event is newer), so every one moves to it, which its becoming the newest heartbeat says for all of them:
     * {@code recentEvidence} empties, and nothing else changes. Any other heartbeat (or an aggregate in an older
     * layout) fails the condition (1 write unit) and takes the full path.
     */
    private boolean confirmedUnchanged(SessionEvent.TaskHeartbeat beat, String listedDigest, Instant receivedAt) {
        UpdateExpression update = new UpdateExpression(Map.of("#digest", ACTIVE_DIGEST, "#active", ACTIVE_SESSIONS,
                "#heartbeat", LAST_HEARTBEAT_AT, "#received", HEARTBEAT_RECEIVED_AT, "#lastEvent", LAST_EVENT_AT,
                "#recent", RECENT_EVIDENCE, "#version", VERSION));
        update.values.putAll(Map.of(":digest", s(listedDigest),
                ":count", n(beat.activeSessionIds().size()), ":t", n(beat.timestamp().toEpochMilli()),
                ":received", n(receivedAt.toEpochMilli()), ":none", AttributeValue.fromM(Map.of()), ":one", n(1)));
        update.set("#heartbeat = :t").set("#received = :received").set("#lastEvent = :t").set("#recent = :none")
                .add("#version :one");
        usage(update, beat.usage());
        String condition = "attribute_exists(#digest) AND #digest = :digest AND #active = :count"
                + " AND (attribute_not_exists(#heartbeat) OR #heartbeat < :t) AND #lastEvent <= :t";
        try {
            dynamo.updateItem(r -> r.tableName(table).key(aggregateKey(beat.service(), beat.taskArn()))
                    .updateExpression(update.expression()).conditionExpression(condition)
                    .expressionAttributeNames(update.names).expressionAttributeValues(update.values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The newest heartbeat's usage replaces the last one's, and one without usage removes it: what the aggregate holds
     * is always what its newest heartbeat said.
     */
    private static void usage(UpdateExpression update, TaskUsage usage) {
        update.names.put("#cpu", CPU_PERCENT);
        update.names.put("#memory", MEMORY_PERCENT);
        if (usage == null) {
            update.remove("#cpu").remove("#memory");
            return;
        }
        update.values.put(":cpu", AttributeValue.fromN(Double.toString(usage.cpuPercent())));
        update.values.put(":memory", AttributeValue.fromN(Double.toString(usage.memoryPercent())));
        update.set("#cpu = :cpu").set("#memory = :memory");
    }

    private Recorded commit(SessionEvent event, Instant receivedAt, TaskAggregate aggregate, Map<String, SessionFact> known,
                            SessionTransitions.Plan plan) {
        List<SessionTransitions.SessionWrite> writes = plan.writes();
        Heartbeat heartbeat = plan.heartbeatAt() == null ? null : new Heartbeat(plan.heartbeatAt(), receivedAt.toEpochMilli(),
                ((SessionEvent.TaskHeartbeat) event).usage());
        ActiveSet after = event instanceof SessionEvent.TaskHeartbeat
                ? ActiveSet.afterHeartbeat(known, plan, heartbeat == null ? aggregate.lastHeartbeatAt : heartbeat.at())
                : aggregate.activeSet().with(writes, aggregate.lastHeartbeatAt);
        if (writes.isEmpty()) {
            // no session item changes: one conditional update (1 write unit, not a 2-unit transaction)
            dynamo.updateItem(toRequest(aggregateUpdate(event, aggregate, aggregate.version, 0, heartbeat, after)));
            return Recorded.NOTHING;
        }
        long version = aggregate.version;
        ActiveSet partial = aggregate.activeSet();
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
            }
            // a transaction that is not the last leaves the state its writes make, still under the last heartbeat
            partial = last ? after : partial.with(chunk, aggregate.lastHeartbeatAt);
            items.add(TransactWriteItem.builder().update(aggregateUpdate(event, aggregate, version, delta,
                    last ? heartbeat : null, partial)).build());
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
     * What the aggregate says of its active sessions: their digest, and the evidence times of those whose evidence is
     * not the newest heartbeat's. Null fields: an aggregate written before it kept them, which knows only its count.
     */
    record ActiveSet(String digest, Map<String, Long> recent) {
        static final ActiveSet UNKNOWN = new ActiveSet(null, null);

        boolean known() {
            return digest != null;
        }

        /** A heartbeat's result: {@code known} held every active session, so the set is rebuilt whole. */
        static ActiveSet afterHeartbeat(Map<String, SessionFact> known, SessionTransitions.Plan plan, Long newestHeartbeat) {
            Map<String, Long> evidence = new TreeMap<>();
            known.forEach((id, fact) -> {
                if (fact.active()) {
                    evidence.put(id, fact.atMillis());
                }
            });
            evidence.putAll(plan.timeMoves());
            for (SessionTransitions.SessionWrite write : plan.writes()) {
                if (write.fact().active()) {
                    evidence.put(write.sessionId(), write.fact().atMillis());
                } else {
                    evidence.remove(write.sessionId());
                }
            }
            Map<String, Long> recent = new TreeMap<>(evidence);
            recent.values().removeIf(at -> at.equals(newestHeartbeat));  // the newest heartbeat's time goes without saying
            return new ActiveSet(SessionDigest.of(evidence.keySet()), recent);
        }

        /** After these session writes, under a newest heartbeat that stays {@code newestHeartbeat}. */
        ActiveSet with(List<SessionTransitions.SessionWrite> writes, Long newestHeartbeat) {
            if (!known()) {
                return UNKNOWN;
            }
            String newDigest = digest;
            Map<String, Long> newRecent = new TreeMap<>(recent);
            for (SessionTransitions.SessionWrite write : writes) {
                if (write.activeDelta() != 0) {
                    newDigest = SessionDigest.toggle(newDigest, write.sessionId());
                }
                boolean implied = newestHeartbeat != null && write.fact().atMillis() == newestHeartbeat;
                if (write.fact().active() && !implied) {
                    newRecent.put(write.sessionId(), write.fact().atMillis());
                } else {
                    newRecent.remove(write.sessionId());
                }
            }
            return new ActiveSet(newDigest, newRecent);
        }
    }

    /** An update expression's clauses, names and values, built up in parts. */
    private static final class UpdateExpression {
        final Map<String, String> names;
        final Map<String, AttributeValue> values = new HashMap<>();
        private final List<String> sets = new ArrayList<>();
        private final List<String> removes = new ArrayList<>();
        private final List<String> adds = new ArrayList<>();

        UpdateExpression(Map<String, String> names) {
            this.names = new HashMap<>(names);
        }

        UpdateExpression set(String action) {
            sets.add(action);
            return this;
        }

        UpdateExpression remove(String name) {
            removes.add(name);
            return this;
        }

        UpdateExpression add(String action) {
            adds.add(action);
            return this;
        }

        String expression() {
            StringBuilder expression = new StringBuilder("SET ").append(String.join(", ", sets));
            if (!removes.isEmpty()) {
                expression.append(" REMOVE ").append(String.join(", ", removes));
            }
            return expression.append(" ADD ").append(String.join(", ", adds)).toString();
        }
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

    private Update aggregateUpdate(SessionEvent event, TaskAggregate aggregate, long expectedVersion, int delta,
                                   Heartbeat heartbeat, ActiveSet active) {
        UpdateExpression update = new UpdateExpression(Map.of("#taskArn", TASK_ARN, "#lastEvent", LAST_EVENT_AT,
                "#active", ACTIVE_SESSIONS, "#version", VERSION));
        update.values.put(":arn", s(event.taskArn()));
        update.values.put(":delta", n(delta));
        update.values.put(":one", n(1));
        update.values.put(":lastEvent", n(Math.max(aggregate.lastEventAt, event.timestamp().toEpochMilli())));
        update.set("#taskArn = :arn").set("#lastEvent = :lastEvent").add("#active :delta").add("#version :one");
        if (active.known()) {
            Map<String, AttributeValue> recent = new HashMap<>();
            active.recent().forEach((id, at) -> recent.put(id, n(at)));
            update.names.put("#digest", ACTIVE_DIGEST);
            update.names.put("#recent", RECENT_EVIDENCE);
            update.values.put(":digest", s(active.digest()));
            update.values.put(":recent", AttributeValue.fromM(recent));
            update.set("#digest = :digest").set("#recent = :recent");
            if (aggregate.legacyActiveIds) {
                update.names.put("#activeIds", LEGACY_ACTIVE_IDS);
                update.remove("#activeIds");  // the layout before the digest, replaced now
            }
        }
        if (heartbeat != null) {
            update.names.put("#heartbeat", LAST_HEARTBEAT_AT);
            update.names.put("#received", HEARTBEAT_RECEIVED_AT);
            update.values.put(":heartbeat", n(heartbeat.at()));
            update.values.put(":received", n(heartbeat.receivedAt()));
            update.set("#heartbeat = :heartbeat").set("#received = :received");
            usage(update, heartbeat.usage());
        }
        String condition;
        if (expectedVersion == 0) {
            condition = "attribute_not_exists(#version)";
        } else {
            condition = "#version = :expected";
            update.values.put(":expected", n(expectedVersion));
        }
        return Update.builder().tableName(table)
                .key(aggregateKey(event.service(), event.taskArn()))
                .updateExpression(update.expression())
                .conditionExpression(condition)
                .expressionAttributeNames(update.names)
                .expressionAttributeValues(update.values)
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
     * @param heartbeatReceivedAt when AWS received the newest heartbeat; null on aggregates written before it was kept
     * @param digest              the active sessions' {@link SessionDigest}; null on aggregates written before any layout
     *                            that kept the active set
     * @param recent              the active sessions whose evidence is not the newest heartbeat's time, with theirs
     * @param legacyActiveIds     the aggregate is in the layout before the digest (a map of every active session to its
     *                            evidence time), read as if all were recent, and rewritten in this layout
     */
    private record TaskAggregate(long version, Long lastHeartbeatAt, Long heartbeatReceivedAt, long lastEventAt, int active,
                                 String digest, Map<String, Long> recent, boolean legacyActiveIds) {
        static final TaskAggregate NEW = new TaskAggregate(0, null, null, 0, 0, SessionDigest.EMPTY, Map.of(), false);

        ActiveSet activeSet() {
            return digest == null ? ActiveSet.UNKNOWN : new ActiveSet(digest, recent);
        }

        /**
         * What is known of an active session whose item says it became active at {@code itemAt}: the newer of that and
         * its evidence in the aggregate, which is its own time if recent, else the newest heartbeat's, which listed it.
         */
        SessionFact activeEvidence(String sessionId, long itemAt) {
            Long own = recent == null ? null : recent.get(sessionId);
            if (own != null) {
                return SessionFact.active(Math.max(own, itemAt));
            }
            if (digest != null && lastHeartbeatAt != null) {
                return SessionFact.active(Math.max(itemAt, lastHeartbeatAt));
            }
            return SessionFact.active(itemAt);
        }

        /** The heartbeat lists exactly the active sessions, so their facts come from the aggregate alone. */
        boolean listsExactly(Set<String> listed, String listedDigest) {
            return digest != null && active == listed.size() && digest.equals(listedDigest)
                    && (lastHeartbeatAt != null || recent.keySet().containsAll(listed));
        }
    }

    private TaskAggregate readAggregate(ServiceRef service, String taskArn) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(aggregateKey(service, taskArn))).item();
        return item == null || item.isEmpty() ? TaskAggregate.NEW : toAggregate(item);
    }

    private static TaskAggregate toAggregate(Map<String, AttributeValue> item) {
        long version = longOr(item, VERSION, 0);
        Long lastHeartbeat = item.containsKey(LAST_HEARTBEAT_AT) ? longOr(item, LAST_HEARTBEAT_AT, 0) : null;
        Long received = item.containsKey(HEARTBEAT_RECEIVED_AT) ? longOr(item, HEARTBEAT_RECEIVED_AT, 0) : null;
        long lastEvent = longOr(item, LAST_EVENT_AT, 0);
        int active = (int) longOr(item, ACTIVE_SESSIONS, 0);
        if (item.containsKey(ACTIVE_DIGEST)) {
            return new TaskAggregate(version, lastHeartbeat, received, lastEvent, active, item.get(ACTIVE_DIGEST).s(),
                    timesOf(item.get(RECENT_EVIDENCE)), false);
        }
        Map<String, Long> legacy = timesOf(item.get(LEGACY_ACTIVE_IDS));
        if (item.containsKey(LEGACY_ACTIVE_IDS)) {
            return new TaskAggregate(version, lastHeartbeat, received, lastEvent, active, SessionDigest.of(legacy.keySet()),
                    legacy, true);
        }
        return new TaskAggregate(version, lastHeartbeat, received, lastEvent, active, null, null, false);
    }

    private static Map<String, Long> timesOf(AttributeValue map) {
        Map<String, Long> result = new HashMap<>();
        if (map != null && map.hasM()) {
            map.m().forEach((id, at) -> result.put(id, Long.parseLong(at.n())));
        }
        return result;
    }

    /**
     * For START/END, the one session. For a heartbeat that lists exactly the active sessions, those, from the
     * aggregate. For any other heartbeat, every active session of the task and the listed ones it knows (their items
     * may be tombstones a listing must not revive), from one query of the task's items.
     */
    private Map<String, SessionFact> readSessions(SessionEvent event, TaskAggregate aggregate, String listedDigest) {
        String pk = SessionTableLayout.taskPk(event.taskArn());
        Map<String, SessionFact> known = new HashMap<>();
        if (event instanceof SessionEvent.SessionStarted start) {
            readOne(pk, start.sessionId(), aggregate, known);
        } else if (event instanceof SessionEvent.SessionEnded end) {
            readOne(pk, end.sessionId(), aggregate, known);
        } else {
            Set<String> listed = ((SessionEvent.TaskHeartbeat) event).activeSessionIds();
            if (aggregate.listsExactly(listed, listedDigest)) {
                listed.forEach(id -> known.put(id, aggregate.activeEvidence(id, Long.MIN_VALUE)));
            } else {
                QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(pk)))
                        .build();
                dynamo.queryPaginator(query).items().forEach(item -> {
                    String id = item.get(SESSION_ID).s();
                    SessionFact fact = factOf(item, aggregate);
                    if (fact.active() || listed.contains(id)) {
                        known.put(id, fact);
                    }
                });
            }
        }
        return known;
    }

    private void readOne(String pk, String sessionId, TaskAggregate aggregate, Map<String, SessionFact> known) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(pk), SK, s(SessionTableLayout.sessionSk(sessionId))))).item();
        if (item != null && !item.isEmpty()) {
            known.put(sessionId, factOf(item, aggregate));
        }
    }

    /** What the newest heartbeat reported; none if absent or not a usage (an item edited by hand fails no read). */
    private static TaskUsage usageOf(Map<String, AttributeValue> item) {
        AttributeValue cpu = item.get(CPU_PERCENT);
        AttributeValue memory = item.get(MEMORY_PERCENT);
        if (cpu == null || memory == null || cpu.n() == null || memory.n() == null) {
            return null;
        }
        try {
            return new TaskUsage(Double.parseDouble(cpu.n()), Double.parseDouble(memory.n()));
        } catch (IllegalArgumentException e) {  // NumberFormatException included
            return null;
        }
    }

    /** A session item's fact; for an active one, with its evidence in the aggregate. */
    private static SessionFact factOf(Map<String, AttributeValue> item, TaskAggregate aggregate) {
        boolean active = Boolean.TRUE.equals(item.get(ACTIVE).bool());
        long at = longOr(item, AT, 0);
        return active ? aggregate.activeEvidence(item.get(SESSION_ID).s(), at) : SessionFact.ended(at);
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
