package dev.sessionscaler.ingest;

import static dev.sessionscaler.ingest.Events.SERVICE;
import static dev.sessionscaler.ingest.Events.arn;
import static dev.sessionscaler.ingest.Events.beat;
import static dev.sessionscaler.ingest.Events.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.runtime.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DynamoDbSessionStore} against moto_server's DynamoDB: the whole store contract (as for DynamoDB Local and the
 * in-memory store) plus the writes only the DynamoDB store makes: transactions in chunks, conflicts between concurrent
 * writers (TransactionCanceledException and its cancellation reasons), the one-update heartbeat's condition on the digest,
 * TTLs, and the purge's BatchWriteItem. The table is made as the CDK app makes it (TTL on {@code expiresAt}).
 * Skipped, with a notice, where moto_server is not installed.
 *
 * <p>What moto (5.2) rejects or mishandles here; none of it is a bug in the store (DynamoDB Local, closer to DynamoDB's
 * own engine, passes the same cases in DynamoDbSessionStoreTest):
 * <ul>
 *   <li>TransactWriteItems is not isolated: moto checks and applies a transaction's actions one by one without a lock,
 *       and a cancelled transaction restores a copy of the whole table taken when it began, undoing writes other
 *       clients made meanwhile and were told had succeeded. Concurrent writers therefore lose updates on moto (a
 *       count one above the session items was seen), so the concurrency case stays on DynamoDB Local only.</li>
 *   <li>It enforces DynamoDB's 100 actions per transaction (the store's chunks respect it) and never expires items by
 *       TTL (the store does not rely on that).</li>
 * </ul>
 */
class DynamoDbSessionStoreMotoTest extends SessionStoreContract<DynamoDbSessionStore> {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:10:00Z"), ZoneOffset.UTC);
    private static final AtomicInteger TABLES = new AtomicInteger();
    @RegisterExtension
    static final MotoServer.PerClass MOTO = new MotoServer.PerClass();
    private static DynamoDbClient dynamo;
    private final Map<DynamoDbSessionStore, String> tables = new HashMap<>();

    @BeforeAll
    static void startMoto() {
        dynamo = MOTO.client(DynamoDbClient.builder());
    }

    /** A session table with the CDK app's keys, billing and TTL attribute. */
    private static String table() {
        String name = "sessions-" + TABLES.incrementAndGet();
        SessionTableLayout.createLocalTable(dynamo, name);
        dynamo.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(t -> t.attributeName(SessionTableLayout.TTL).enabled(true)));
        return name;
    }

    @Override
    protected DynamoDbSessionStore store() {
        String table = table();
        DynamoDbSessionStore store = new DynamoDbSessionStore(dynamo, table, CLOCK, EventLimits.DEFAULTS,
                new Backoff(5, Duration.ofMillis(1), Duration.ofMillis(5), millis -> { }));
        tables.put(store, table);
        return store;
    }

    @Override
    protected Map<String, Set<String>> activeIds(DynamoDbSessionStore store, ServiceRef service) {
        return LocalDynamoDb.activeIds(dynamo, tables.get(store), service);
    }

    private Map<String, AttributeValue> aggregate(DynamoDbSessionStore store, String task) {
        return dynamo.getItem(r -> r.tableName(tables.get(store)).key(Map.of(
                SessionTableLayout.PK, AttributeValue.fromS(SessionTableLayout.servicePk(SERVICE)),
                SessionTableLayout.SK, AttributeValue.fromS(SessionTableLayout.taskSk(arn(task)))))).item();
    }

    @Test
    void aHeartbeatWithMoreSessionsThanOneTransactionHoldsIsCommittedInChunks() {
        DynamoDbSessionStore store = store();
        String[] ids = IntStream.range(0, 250).mapToObj(i -> "s" + i).toArray(String[]::new);

        store.record(beat("a", 60, ids));

        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isEqualTo(250);
        assertThat(activeIds(store, SERVICE).get(arn("a"))).hasSize(250);
        assertThat(aggregate(store, "a").get(SessionTableLayout.VERSION).n()).as("three transactions").isEqualTo("3");
        store.record(beat("a", 120));
        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isZero();
        assertThat(activeIds(store, SERVICE).get(arn("a"))).isEmpty();
    }

    @Test
    void anUnchangedHeartbeatIsOneConditionalUpdateOfTheAggregate() {
        DynamoDbSessionStore store = store();
        store.record(start("a", "s1", 10));
        store.record(start("a", "s2", 11));
        store.record(beat("a", 30, "s1", "s2"));
        String version = aggregate(store, "a").get(SessionTableLayout.VERSION).n();

        assertThat(store.record(beat("a", 60, "s1", "s2"))).isEqualTo(dev.sessionscaler.core.port.SessionRecorder.Recorded.NOTHING);

        Map<String, AttributeValue> aggregate = aggregate(store, "a");
        assertThat(Long.parseLong(aggregate.get(SessionTableLayout.VERSION).n())).isEqualTo(Long.parseLong(version) + 1);
        long at = Events.T0.plusSeconds(60).toEpochMilli();
        assertThat(aggregate.get(SessionTableLayout.LAST_HEARTBEAT_AT).n()).isEqualTo(Long.toString(at));
        assertThat(aggregate.get(SessionTableLayout.ACTIVE_DIGEST).s()).isEqualTo(SessionDigest.of(List.of("s1", "s2")));
        assertThat(aggregate.get(SessionTableLayout.RECENT_EVIDENCE).m()).as("both confirmed by the newest heartbeat").isEmpty();
        assertThat(store.taskSessions(SERVICE).get(arn("a")).activeSessions()).isEqualTo(2);
    }

    @Test
    void endedSessionsGetATtlAndActiveOnesDoNot() {
        DynamoDbSessionStore store = store();
        store.record(start("a", "live", 1));
        store.record(Events.end("a", "gone", 2));

        Map<String, Map<String, AttributeValue>> items = dynamo.scan(r -> r.tableName(tables.get(store))).items().stream()
                .filter(i -> i.containsKey(SessionTableLayout.SESSION_ID))
                .collect(Collectors.toMap(i -> i.get(SessionTableLayout.SESSION_ID).s(), i -> i));
        assertThat(items.get("live")).doesNotContainKey(SessionTableLayout.TTL);
        assertThat(items.get("gone").get(SessionTableLayout.TTL).n())
                .isEqualTo(Long.toString(CLOCK.instant().plus(EventLimits.DEFAULTS.tombstoneRetention()).getEpochSecond()));
    }

    @Test
    void purgeDeletesEveryItemOfATaskEcsNoLongerRuns() {
        DynamoDbSessionStore store = store();
        for (int i = 0; i < 60; i++) {
            store.record(start("dead", "s" + i, i));
        }
        store.record(start("live", "s1", 1));

        assertThat(store.purgeTasksNotIn(SERVICE, Set.of(arn("live")))).isEqualTo(1);

        List<String> left = dynamo.scan(r -> r.tableName(tables.get(store))).items().stream()
                .map(i -> i.get(SessionTableLayout.PK).s() + " " + i.get(SessionTableLayout.SK).s()).toList();
        assertThat(left).containsExactlyInAnyOrder(SessionTableLayout.servicePk(SERVICE) + " " + SessionTableLayout.taskSk(arn("live")),
                SessionTableLayout.taskPk(arn("live")) + " " + SessionTableLayout.sessionSk("s1"));
    }
}
