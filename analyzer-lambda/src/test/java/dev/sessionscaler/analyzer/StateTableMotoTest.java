package dev.sessionscaler.analyzer;

import dev.sessionscaler.ingest.MotoServer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.decision.DecisionPipeline;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ProtectionRecord;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.StopRecord;
import dev.sessionscaler.core.model.TaskMark;
import dev.sessionscaler.core.policy.LearnedFloor;
import dev.sessionscaler.core.port.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The state table's adapters ({@link DynamoDbLease}, {@link DynamoDbScaleLedger}, {@link DynamoDbDecisionStore})
 * against moto_server's DynamoDB, on a table made as the CDK app makes it ({@code SessionTables}: {@code pk}/{@code sk}
 * strings, on-demand, TTL on {@code expiresAt}). DynamoDbLeaseTest, DynamoDbScaleLedgerTest and DynamoDbDecisionStoreTest
 * hold the same adapters to more cases on DynamoDB Local; this is a second, independent emulator of the conditional
 * writes they rely on. Skipped, with a notice, where moto_server is not installed.
 *
 * <p>moto (5.2) rejected nothing these adapters send. Two limitations: it never deletes expired items (TTL is
 * recorded but not applied), which the lease does not rely on ({@code leaseUntil} decides, not the TTL); and it does not
 * serialize requests (a threaded server, no lock around a conditional write's check and write, and a cancelled
 * transaction restores a copy of the whole table), so contenders racing for the lease are tested on DynamoDB Local
 * only (DynamoDbLeaseTest), not here.
 */
class StateTableMotoTest {
    static final ServiceRef RDP = new ServiceRef("demo", "rdp");
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final Duration TTL = Duration.ofMinutes(30);
    private static final AtomicInteger TABLES = new AtomicInteger();
    @RegisterExtension
    static final MotoServer.PerClass MOTO = new MotoServer.PerClass();
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void startMoto() {
        dynamo = MOTO.client(DynamoDbClient.builder());
    }

    /** A state table with the CDK app's keys, billing and TTL attribute. */
    private static String table() {
        String name = "state-" + TABLES.incrementAndGet();
        StateTableLayout.createLocalTable(dynamo, name);
        dynamo.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(t -> t.attributeName(StateTableLayout.TTL).enabled(true)));
        return name;
    }

    static String arn(String id) {
        return "arn:aws:ecs:us-east-1:123456789012:task/demo/" + id;
    }

    @Test
    void theTableIsMadeAsTheCdkAppMakesIt() {
        String table = table();
        var description = dynamo.describeTable(r -> r.tableName(table)).table();
        assertThat(description.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("pk:HASH", "sk:RANGE");
        assertThat(description.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        var ttl = dynamo.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
        assertThat(ttl.timeToLiveStatusAsString()).isEqualTo("ENABLED");
    }

    @Test
    void theLeaseRefusesASecondHolderUntilItExpiresOrIsReleased() {
        Lease lease = new DynamoDbLease(dynamo, table());

        assertThat(lease.tryAcquire(RDP, "exec-1", NOW, TTL)).isTrue();
        assertThat(lease.tryAcquire(RDP, "exec-2", NOW.plusSeconds(60), TTL)).as("held by exec-1").isFalse();
        assertThat(lease.tryAcquire(RDP, "exec-1", NOW.plusSeconds(60), TTL)).as("its own holder may take it again").isTrue();
        assertThat(lease.tryAcquire(new ServiceRef("demo", "vnc"), "exec-2", NOW, TTL)).as("per service").isTrue();
        assertThat(lease.current(RDP)).contains(new Lease.Held("exec-1", NOW.plusSeconds(60).plus(TTL)));

        assertThat(lease.renew(RDP, "exec-2", NOW.plusSeconds(120), TTL)).as("a stranger cannot renew").isFalse();
        assertThat(lease.renew(RDP, "exec-1", NOW.plusSeconds(120), TTL)).isTrue();
        assertThat(lease.tryAcquire(RDP, "exec-2", NOW.plusSeconds(120).plus(TTL).minusMillis(1), TTL)).isFalse();
        assertThat(lease.tryAcquire(RDP, "exec-2", NOW.plusSeconds(120).plus(TTL), TTL)).as("expired: anyone may take it").isTrue();

        lease.release(RDP, "exec-1");
        assertThat(lease.current(RDP).map(Lease.Held::holder)).as("a former holder's release frees nothing").contains("exec-2");
        lease.release(RDP, "exec-2");
        assertThat(lease.current(RDP)).isEmpty();
        assertThat(lease.renew(RDP, "exec-2", NOW, TTL)).as("a released lease is not renewed back").isFalse();
        lease.release(RDP, "exec-2");
    }

    @Test
    void theLeaseItemCarriesItsExpiryAndADayLaterTtl() {
        String table = table();
        new DynamoDbLease(dynamo, table).tryAcquire(RDP, "exec-1", NOW, TTL);
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("SVC#demo#rdp"), "sk", AttributeValue.fromS("LEASE")))).item();
        assertThat(item.get("holder").s()).isEqualTo("exec-1");
        assertThat(item.get("leaseUntil").n()).isEqualTo(Long.toString(NOW.plus(TTL).toEpochMilli()));
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(NOW.plus(TTL).plus(Duration.ofDays(1)).getEpochSecond()));
    }

    @Test
    void theLedgerReadsBackEveryRecordOfTheServiceAndDeletesAMarkOnlyIfItIsStillTheOneGiven() {
        String table = table();
        DynamoDbScaleLedger ledger = new DynamoDbScaleLedger(dynamo, table);
        DynamoDbScaleLedgerTest.LedgerSample sample = DynamoDbScaleLedgerTest.LedgerSample.writtenTo(ledger);
        TaskMark draining = sample.draining();
        TaskMark cordoned = sample.cordoned();
        ProtectionRecord protection = sample.protection();
        StopRecord stop = sample.stop();
        // the service's other items sort before MARK#: the ledger's one query must not read them
        new DynamoDbLease(dynamo, table).tryAcquire(RDP, "exec-1", NOW, TTL);
        new DynamoDbDecisionStore(dynamo, table, Duration.ofDays(30)).recordPeak(RDP, NOW, 12);

        ScaleLedger read = ledger.read(RDP);

        assertThat(read.marks()).containsExactlyInAnyOrder(draining, cordoned);
        assertThat(read.protections()).containsExactly(protection);
        assertThat(read.stops()).containsExactly(stop);

        TaskMark newer = new TaskMark(arn("a"), TaskMark.Kind.DRAINING, "exec-2", NOW.plusSeconds(600), null);
        ledger.putMark(RDP, newer);
        ledger.deleteMark(RDP, draining);
        assertThat(ledger.read(RDP).marks()).as("an old execution's undo never removes a newer mark").contains(newer);
        ledger.deleteMark(RDP, new TaskMark(arn("b"), TaskMark.Kind.DRAINING, null, NOW, null));
        assertThat(ledger.read(RDP).marks()).as("not the same kind: kept").contains(cordoned);
        ledger.deleteMark(RDP, newer);
        ledger.deleteMark(RDP, cordoned);
        ledger.deleteProtection(RDP, protection);
        ledger.deleteStop(RDP, stop);
        ledger.deleteStop(RDP, stop);
        assertThat(ledger.read(RDP)).isEqualTo(ScaleLedger.EMPTY);
    }

    @Test
    void historyAndAuditAreWrittenAndReadBack() {
        String table = table();
        var store = new DynamoDbDecisionStore(dynamo, table, Duration.ofDays(30));
        assertThat(store.loadHistory(RDP)).isEqualTo(DecisionHistory.empty());
        Decision decision = new DecisionPipeline().decide(new DecisionInput(ScalerConfig.builder(1, 10, 10).build(), NOW,
                new FleetSnapshot(new ServiceState("demo", "rdp", 0, false), 10.0, 10.0, List.of()),
                new DecisionHistory(NOW.minusSeconds(60), null, null)));

        store.record(RDP, decision);

        assertThat(store.loadHistory(RDP)).isEqualTo(decision.history()).isNotEqualTo(DecisionHistory.empty());
        Map<String, AttributeValue> audit = dynamo.getItem(r -> r.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("SVC#demo#rdp"), "sk", AttributeValue.fromS("AUDIT#" + NOW)))).item();
        assertThat(audit.get("action").s()).isEqualTo(decision.action().name());
        assertThat(audit.get("expiresAt").n()).isEqualTo(Long.toString(NOW.plus(Duration.ofDays(30)).getEpochSecond()));
        assertThat(store.loadHistory(new ServiceRef("demo", "vnc"))).isEqualTo(DecisionHistory.empty());
    }

    @Test
    void peaksOnlyRiseWithinAWeekAndAgedOutWeeksAreRemoved() {
        var store = new DynamoDbDecisionStore(dynamo, table(), Duration.ofDays(30));
        Instant monday = Instant.parse("2026-01-05T08:10:00Z");
        int slot = LearnedFloor.slotOf(monday);
        long week = LearnedFloor.weekOf(monday);
        store.recordPeak(RDP, monday, 40);
        store.recordPeak(RDP, monday.plusSeconds(60), 55);
        store.recordPeak(RDP, monday.plusSeconds(120), 30);  // lower: refused by the condition, the week's peak stays
        for (int w = 1; w <= 5; w++) {
            store.recordPeak(RDP, monday.plus(Duration.ofDays(7L * w)), 10 * w);
        }

        var peaks = store.peaks(RDP, List.of(slot, slot + 1));

        assertThat(peaks).hasSize(2);
        assertThat(peaks.get(0).slot()).isEqualTo(slot);
        assertThat(peaks.get(0).byWeek()).as("the first week aged out and was removed; the last five kept")
                .containsOnlyKeys(week + 1, week + 2, week + 3, week + 4, week + 5).containsEntry(week + 5, 50);
        assertThat(peaks.get(1).byWeek()).isEmpty();
        assertThat(store.peaks(new ServiceRef("demo", "vnc"), List.of(slot)).get(0).byWeek()).as("per service").isEmpty();
    }
}
