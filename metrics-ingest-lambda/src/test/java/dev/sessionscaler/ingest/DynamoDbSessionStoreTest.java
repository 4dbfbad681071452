package dev.sessionscaler.ingest;

import dev.sessionscaler.core.runtime.Backoff;
import static dev.sessionscaler.ingest.Events.SERVICE;
import static dev.sessionscaler.ingest.Events.arn;
import static dev.sessionscaler.ingest.Events.beat;
import static dev.sessionscaler.ingest.Events.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.model.ServiceRef;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB adapter against embedded DynamoDB Local: the store contract plus what only it has. */
class DynamoDbSessionStoreTest extends SessionStoreContract<DynamoDbSessionStore> {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:10:00Z"), ZoneOffset.UTC);
    private static LocalDynamoDb dynamo;
    private final Map<DynamoDbSessionStore, String> tables = new HashMap<>();

    @BeforeAll
    static void startDynamoDbLocal() {
        dynamo = new LocalDynamoDb();
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        dynamo.close();
    }

    @Override
    protected DynamoDbSessionStore store() {
        return store(dynamo.client);
    }

    /** A store on a new table, reached through {@code client}. */
    private DynamoDbSessionStore store(DynamoDbClient client) {
        String table = dynamo.newTable();
        DynamoDbSessionStore store = new DynamoDbSessionStore(client, table, CLOCK, EventLimits.DEFAULTS,
                new Backoff(5, Duration.ofMillis(1), Duration.ofMillis(5), millis -> { }));
        tables.put(store, table);
        return store;
    }

    @Override
    protected Map<String, Set<String>> activeIds(DynamoDbSessionStore store, ServiceRef service) {
        return dynamo.activeIds(tables.get(store), service);
    }

    @Test
    void heartbeatsWithMoreSessionsThanOneTransactionHoldAreCommittedInChunks() {
        Map<String, Integer> calls = new HashMap<>();
        DynamoDbSessionStore store = store(counting(calls));
        String[] ids = IntStream.range(0, 250).mapToObj(i -> "s" + i).toArray(String[]::new);

        store.record(beat("a", 60, ids));

        assertThat(calls.get("transactWriteItems")).as("99 + 99 + 52, each chunk after the version the last one left").isEqualTo(3);

        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isEqualTo(250);
        assertThat(activeIds(store, SERVICE).get(arn("a"))).hasSize(250);
        store.record(beat("a", 120));
        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isZero();
    }

    @Test
    void localTablesDoNotExpireItemsByTheWallClock() {
        // DynamoDB Local applies TTL by the machine's clock; tests and the simulator run in other time,
        // and an early-deleted tombstone let a late heartbeat revive an ended session (found by ConvergenceProperties)
        String table = dynamo.newTable();
        assertThat(dynamo.client.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatusAsString())
                .isEqualTo("DISABLED");
    }

    @Test
    void endedSessionsGetATtlAndActiveOnesDoNot() {
        DynamoDbSessionStore store = store();
        store.record(start("a", "live", 1));
        store.record(Events.end("a", "gone", 2));

        Map<String, Map<String, AttributeValue>> items = dynamo.client.scan(r -> r.tableName(tables.get(store))).items().stream()
                .filter(i -> i.containsKey(SessionTableLayout.SESSION_ID))
                .collect(Collectors.toMap(i -> i.get(SessionTableLayout.SESSION_ID).s(), i -> i));
        assertThat(items.get("live")).doesNotContainKey(SessionTableLayout.TTL);
        assertThat(items.get("gone").get(SessionTableLayout.TTL).n())
                .isEqualTo(Long.toString(CLOCK.instant().plus(Duration.ofHours(48)).getEpochSecond()));
    }

    @Test
    void duplicatesDeliveredConcurrentlyAreCountedOnce() throws Exception {
        // SQS may hand the same message to two invocations at once: each writer records the same events
        String table = dynamo.newTable();
        DynamoDbSessionStore store = new DynamoDbSessionStore(dynamo.client, table, CLOCK, EventLimits.DEFAULTS,
                new Backoff(50, Duration.ofMillis(1), Duration.ofMillis(20), Thread::sleep));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        store.record(start("a", "s" + i, 10 + i));
                        if (i % 3 == 0) {
                            store.record(Events.end("a", "s" + i, 40 + i));
                        }
                    }
                }));
            }
            for (var future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        int activeItems = dynamo.activeIds(table, SERVICE).get(arn("a")).size();
        assertThat(activeItems).isEqualTo(10);
        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isEqualTo(activeItems);
    }

    @Test
    void purgingATaskDeletesAllItsItemsInBatchesOfTwentyFive() {
        DynamoDbSessionStore store = store();
        for (int i = 0; i < 49; i++) {
            store.record(start("gone", "s" + i, 1 + i));  // 49 sessions and the aggregate: two full batches
        }
        store.record(start("live", "x", 1));

        assertThat(store.purgeTasksNotIn(SERVICE, Set.of(arn("live")))).isEqualTo(1);

        long left = dynamo.client.scan(r -> r.tableName(tables.get(store))).items().stream()
                .filter(i -> i.get(SessionTableLayout.PK).s().contains("gone") || i.get(SessionTableLayout.SK).s().contains("gone")).count();
        assertThat(left).isZero();
        assertThat(store.taskSessions(SERVICE)).containsOnlyKeys(arn("live"));
    }

    @Test
    void analyzerReadIsOneQueryOfTaskAggregatesOnly() {
        DynamoDbSessionStore store = store();
        for (int task = 0; task < 30; task++) {
            store.record(beat("t" + task, 60, "a", "b", "c"));
        }
        var tasks = store.taskSessions(SERVICE);
        assertThat(tasks).hasSize(30);
        assertThat(tasks.values()).allSatisfy(t -> assertThat(t.activeSessions()).isEqualTo(3));
    }

    /** Counts the client's calls by method name, passing each on to DynamoDB Local. */
    private static DynamoDbClient counting(Map<String, Integer> calls) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    calls.merge(method.getName(), 1, Integer::sum);
                    try {
                        return method.invoke(dynamo.client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aHeartbeatNeverReadsTheEndedSessionsAndOneThatChangesNothingIsOneUpdateWithoutARead() {
        // ended sessions are kept for 48 h: a tag server ends thousands a day, and a heartbeat a minute used to read them all
        Map<String, Integer> calls = new HashMap<>();
        DynamoDbSessionStore store = store(counting(calls));
        for (int i = 0; i < 300; i++) {
            store.record(start("a", "old" + i, 1));
            store.record(Events.end("a", "old" + i, 2));
        }
        store.record(start("a", "live", 3));
        store.record(beat("a", 30, "live"));
        calls.clear();

        store.record(beat("a", 60, "live"));

        assertThat(calls).containsOnly(Map.entry("updateItem", 1));
        assertThat(store.taskSessions(SERVICE).get(arn("a")).lastHeartbeat()).isEqualTo(Instant.parse("2026-01-01T10:01:00Z"));
        assertThat(activeIds(store, SERVICE).get(arn("a"))).containsExactly("live");
    }

    @Test
    void aHeartbeatThatDiffersFromTheAggregateTakesTheFullPath() {
        Map<String, Integer> calls = new HashMap<>();
        DynamoDbSessionStore store = store(counting(calls));
        store.record(start("a", "s1", 3));
        store.record(start("a", "s2", 4));
        store.record(beat("a", 30, "s1", "s2"));
        calls.clear();

        store.record(beat("a", 60, "s1"));              // same size would not do: s2 ended
        store.record(beat("a", 90, "s1", "s3"));        // same size, different ids: s3 is new

        assertThat(calls.get("getItem")).isEqualTo(2);
        assertThat(activeIds(store, SERVICE).get(arn("a"))).containsExactlyInAnyOrder("s1", "s3");
        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isEqualTo(2);
    }

    @Test
    void anUnchangedHeartbeatOlderThanTheLastEventKeepsThatEventsTime() {
        DynamoDbSessionStore store = store();
        store.record(beat("a", 10));
        store.record(start("a", "s1", 100));

        assertThat(store.record(beat("a", 90, "s1"))).as("the newest heartbeat, no session changed")
                .isEqualTo(dev.sessionscaler.core.port.SessionRecorder.Recorded.NOTHING);

        Map<String, AttributeValue> aggregate = dynamo.client.getItem(r -> r.tableName(tables.get(store))
                .key(Map.of(SessionTableLayout.PK, AttributeValue.fromS(SessionTableLayout.servicePk(SERVICE)),
                        SessionTableLayout.SK, AttributeValue.fromS(SessionTableLayout.taskSk(arn("a")))))).item();
        assertThat(aggregate.get(SessionTableLayout.LAST_EVENT_AT).n()).isEqualTo(Long.toString(Events.T0.plusSeconds(100).toEpochMilli()));
        assertThat(aggregate.get(SessionTableLayout.LAST_HEARTBEAT_AT).n()).isEqualTo(Long.toString(Events.T0.plusSeconds(90).toEpochMilli()));
    }

    @Test
    void aHeartbeatStillRespectsAnEndedSessionItDoesNotHoldAsActive() {
        DynamoDbSessionStore store = store();
        store.record(start("a", "s1", 10));
        store.record(Events.end("a", "s1", 70));

        store.record(beat("a", 60, "s1", "s2"));

        assertThat(activeIds(store, SERVICE).get(arn("a"))).containsExactly("s2");
        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isEqualTo(1);
    }

    /**
     * A client that, the first time {@code method} is called, lets another writer record {@code meanwhile} first: the
     * interleaving of two invocations handling events of one task at once.
     */
    private static DynamoDbClient interleaving(String method, Runnable meanwhile) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, m, args) -> {
                    boolean sessionRead = !m.getName().equals("getItem") || readsASession(args[0]);
                    if (m.getName().equals(method) && sessionRead && done.compareAndSet(false, true)) {
                        meanwhile.run();
                    }
                    try {
                        return m.invoke(dynamo.client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static boolean readsASession(Object request) {
        software.amazon.awssdk.services.dynamodb.model.GetItemRequest.Builder builder =
                software.amazon.awssdk.services.dynamodb.model.GetItemRequest.builder();
        if (request instanceof java.util.function.Consumer<?> consumer) {
            ((java.util.function.Consumer<software.amazon.awssdk.services.dynamodb.model.GetItemRequest.Builder>) consumer).accept(builder);
        } else {
            builder = ((software.amazon.awssdk.services.dynamodb.model.GetItemRequest) request).toBuilder();
        }
        return builder.build().key().get(SessionTableLayout.SK).s().startsWith("SESSION#");
    }

    private DynamoDbSessionStore writerBeside(DynamoDbSessionStore store, DynamoDbClient client) {
        return new DynamoDbSessionStore(client, tables.get(store), CLOCK, EventLimits.DEFAULTS,
                new Backoff(5, Duration.ofMillis(1), Duration.ofMillis(5), millis -> { }));
    }

    @Test
    void anEndReadWhileAnotherWriterStartsItsSessionIsNotLostToTheLastHeartbeatsTime() {
        // found by review: the aggregate read before the START committed, the session item after it
        DynamoDbSessionStore store = store();
        store.record(beat("a", 50, "s1"));
        DynamoDbSessionStore endWriter = writerBeside(store, interleaving("getItem", () -> store.record(start("a", "b", 30))));

        endWriter.record(Events.end("a", "b", 40));

        assertThat(activeIds(store, SERVICE).get(arn("a"))).as("b started at 30 and ended at 40").containsExactly("s1");
        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isEqualTo(1);
    }

    @Test
    void anOlderHeartbeatReadWhileAnotherWriterStartsItsSessionStillMovesItsEvidence() {
        // found by review: otherwise a later heartbeat built before the START (within its doubt) ended a live session
        DynamoDbSessionStore store = store();
        store.record(beat("a", 100));
        DynamoDbSessionStore beatWriter = writerBeside(store, interleaving("queryPaginator", () -> store.record(start("a", "s", 75))));

        beatWriter.record(beat("a", 90, "s"));
        store.record(beat("a", 110));

        assertThat(activeIds(store, SERVICE).get(arn("a"))).as("listed at 90, which beats ended at 80").containsExactly("s");
    }

    private Map<String, AttributeValue> aggregate(String table) {
        return dynamo.client.getItem(r -> r.tableName(table)
                .key(Map.of(SessionTableLayout.PK, AttributeValue.fromS(SessionTableLayout.servicePk(SERVICE)),
                        SessionTableLayout.SK, AttributeValue.fromS(SessionTableLayout.taskSk(arn("a")))))).item();
    }

    private void rewriteAggregate(String table, String updateExpression, Map<String, AttributeValue> values) {
        dynamo.client.updateItem(r -> r.tableName(table)
                .key(Map.of(SessionTableLayout.PK, AttributeValue.fromS(SessionTableLayout.servicePk(SERVICE)),
                        SessionTableLayout.SK, AttributeValue.fromS(SessionTableLayout.taskSk(arn("a")))))
                .updateExpression(updateExpression).expressionAttributeValues(values.isEmpty() ? null : values));
    }

    @Test
    void anAggregateWithoutItsActiveSessionsIsRebuiltByTheNextHeartbeat() {
        // aggregates written before they kept their active sessions: START/END leave them unknown, a heartbeat reads all once
        DynamoDbSessionStore store = store();
        String table = tables.get(store);
        store.record(start("a", "s1", 10));
        store.record(start("a", "s2", 11));
        rewriteAggregate(table, "REMOVE " + SessionTableLayout.ACTIVE_DIGEST + ", " + SessionTableLayout.RECENT_EVIDENCE, Map.of());
        store.record(start("a", "s3", 12));
        store.record(Events.end("a", "s1", 13));
        assertThat(aggregate(table)).doesNotContainKey(SessionTableLayout.ACTIVE_DIGEST);

        store.record(beat("a", 60, "s2", "s3", "s4"));
        store.record(beat("a", 120, "s3", "s4"));

        assertThat(activeIds(store, SERVICE).get(arn("a"))).containsExactlyInAnyOrder("s3", "s4");
        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isEqualTo(2);
        assertThat(aggregate(table).get(SessionTableLayout.ACTIVE_DIGEST).s()).isEqualTo(SessionDigest.of(List.of("s3", "s4")));
        assertThat(aggregate(table).get(SessionTableLayout.RECENT_EVIDENCE).m()).as("both confirmed by the newest heartbeat").isEmpty();
    }

    @Test
    void anAggregateInTheLayoutBeforeTheDigestIsReadAsItsEvidenceAndRewritten() {
        // the previous layout named every active session with its evidence time (activeIds)
        DynamoDbSessionStore store = store();
        String table = tables.get(store);
        store.record(start("a", "s1", 10));
        store.record(start("a", "s2", 11));
        store.record(beat("a", 60, "s1", "s2"));
        long at60 = Events.T0.plusSeconds(60).toEpochMilli();
        rewriteAggregate(table, "SET " + SessionTableLayout.LEGACY_ACTIVE_IDS + " = :ids REMOVE "
                + SessionTableLayout.ACTIVE_DIGEST + ", " + SessionTableLayout.RECENT_EVIDENCE,
                Map.of(":ids", AttributeValue.fromM(Map.of("s1", AttributeValue.fromN(Long.toString(at60)),
                        "s2", AttributeValue.fromN(Long.toString(at60))))));

        store.record(Events.end("a", "s1", 50));  // older than the heartbeat that listed s1: s1 stays active
        assertThat(activeIds(store, SERVICE).get(arn("a"))).containsExactlyInAnyOrder("s1", "s2");
        store.record(start("a", "s3", 70));
        Map<String, AttributeValue> rewritten = aggregate(table);
        assertThat(rewritten).doesNotContainKey(SessionTableLayout.LEGACY_ACTIVE_IDS);
        assertThat(rewritten.get(SessionTableLayout.ACTIVE_DIGEST).s()).isEqualTo(SessionDigest.of(List.of("s1", "s2", "s3")));

        store.record(beat("a", 120, "s2"));
        assertThat(activeIds(store, SERVICE).get(arn("a"))).containsExactly("s2");
        assertThat(aggregate(table).get(SessionTableLayout.RECENT_EVIDENCE).m()).isEmpty();
    }

    @Test
    void theAggregateStaysSmallWhateverTheNumberOfSessions() {
        DynamoDbSessionStore store = store();
        String table = tables.get(store);
        String[] ids = IntStream.range(0, 200).mapToObj(i -> "session-" + i).toArray(String[]::new);
        for (int i = 0; i < ids.length; i++) {
            store.record(start("a", ids[i], 1 + i % 20));
        }
        assertThat(aggregate(table).get(SessionTableLayout.RECENT_EVIDENCE).m()).as("none confirmed yet").hasSize(200);

        store.record(beat("a", 60, ids));

        Map<String, AttributeValue> aggregate = aggregate(table);
        assertThat(aggregate.get(SessionTableLayout.RECENT_EVIDENCE).m()).as("all confirmed by the newest heartbeat").isEmpty();
        assertThat(aggregate.toString().length()).as("no session ids in the aggregate").isLessThan(1000);
        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isEqualTo(200);
        Map<String, Integer> calls = new HashMap<>();
        DynamoDbSessionStore counted = new DynamoDbSessionStore(counting(calls), table, CLOCK, EventLimits.DEFAULTS,
                new Backoff(3, Duration.ofMillis(1), Duration.ofMillis(5), millis -> { }));
        assertThat(counted.record(beat("a", 120, ids))).isEqualTo(dev.sessionscaler.core.port.SessionRecorder.Recorded.NOTHING);
        assertThat(calls).as("200 sessions confirmed in one update without a read").containsOnly(Map.entry("updateItem", 1));
    }
}
