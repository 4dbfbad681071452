package dev.sessionscaler.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.model.ProtectionRecord;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.StopRecord;
import dev.sessionscaler.core.model.TaskMark;
import dev.sessionscaler.core.port.ScaleLedgerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger on DynamoDB Local, and its in-memory twin held to the same rules (invariant 10). */
class DynamoDbScaleLedgerTest {
    static final ServiceRef RDP = new ServiceRef("demo", "rdp");
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static LocalDynamoDb dynamo;

    @BeforeAll
    static void start() {
        dynamo = new LocalDynamoDb();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    static Stream<Supplier<ScaleLedgerStore>> ledgers() {
        return Stream.of(() -> new DynamoDbScaleLedger(dynamo.client, dynamo.newTable()), InMemoryScaleLedger::new);
    }

    static String arn(String id) {
        return "arn:aws:ecs:us-east-1:123456789012:task/demo/" + id;
    }

    /** One record of every kind for RDP, and a mark of another service, as a ledger test writes them (DynamoDB Local, moto). */
    record LedgerSample(TaskMark draining, TaskMark cordoned, ProtectionRecord protection, StopRecord stop) {
        static LedgerSample writtenTo(ScaleLedgerStore ledger) {
            LedgerSample sample = new LedgerSample(new TaskMark(arn("a"), TaskMark.Kind.DRAINING, "exec-1", NOW, null),
                    new TaskMark(arn("b"), TaskMark.Kind.CORDONED, null, NOW, NOW.plusSeconds(3480)),
                    new ProtectionRecord("exec-1", 0, NOW, List.of(
                            new ProtectionRecord.Entry(arn("c"), null, NOW.plus(Duration.ofMinutes(30)), true),
                            new ProtectionRecord.Entry(arn("d"), NOW.plus(Duration.ofHours(2)), null, false))),
                    new StopRecord("exec-1", List.of(arn("a")), 4, 3, NOW));
            ledger.putMark(RDP, sample.draining());
            ledger.putMark(RDP, sample.cordoned());
            ledger.putProtection(RDP, sample.protection());
            ledger.putStop(RDP, sample.stop());
            ledger.putMark(new ServiceRef("demo", "vnc"), new TaskMark(arn("z"), TaskMark.Kind.DRAINING, "exec-9", NOW, null));
            return sample;
        }
    }

    @ParameterizedTest
    @MethodSource("ledgers")
    void everyKindOfRecordIsReadBackInOneGoAndOtherServicesAreApart(Supplier<ScaleLedgerStore> fresh) {
        ScaleLedgerStore ledger = fresh.get();
        LedgerSample sample = LedgerSample.writtenTo(ledger);
        TaskMark draining = sample.draining();
        TaskMark cordoned = sample.cordoned();
        ProtectionRecord protection = sample.protection();
        StopRecord stop = sample.stop();

        ScaleLedger read = ledger.read(RDP);

        assertThat(read.marks()).containsExactlyInAnyOrder(draining, cordoned);
        assertThat(read.protections()).containsExactly(protection);
        assertThat(read.stops()).containsExactly(stop);
        assertThat(read.holders()).containsExactly("exec-1");
        assertThat(read.hasOrphansBesides("exec-1")).isFalse();
        assertThat(read.hasOrphansBesides(null)).as("with no execution running, exec-1's work was left behind").isTrue();
    }

    @org.junit.jupiter.api.Test
    void aMarkWrittenBeforeDeregisteredWasKeptIsReadAsANewMarkOfItsKind() {
        // an older version wrote no "deregistered": a drain's Deregister then checks its target again (no crash)
        String table = dynamo.newTable();
        dynamo.client.putItem(r -> r.tableName(table).item(java.util.Map.of(
                StateTableLayout.PK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(StateTableLayout.servicePk(RDP)),
                StateTableLayout.SK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(DynamoDbScaleLedger.MARK + arn("a")),
                "taskArn", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(arn("a")),
                "kind", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("DRAINING"),
                "holder", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("exec-1"),
                "since", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(Long.toString(NOW.toEpochMilli())))));

        TaskMark read = new DynamoDbScaleLedger(dynamo.client, table).read(RDP).marks().get(0);

        assertThat(read.deregistered()).isFalse();
        assertThat(read.holder()).isEqualTo("exec-1");
    }

    @ParameterizedTest
    @MethodSource("ledgers")
    void aMarkIsDeletedOnlyIfItIsStillTheOneGiven(Supplier<ScaleLedgerStore> fresh) {
        ScaleLedgerStore ledger = fresh.get();
        TaskMark old = new TaskMark(arn("a"), TaskMark.Kind.DRAINING, "exec-1", NOW, null);
        TaskMark newer = new TaskMark(arn("a"), TaskMark.Kind.DRAINING, "exec-2", NOW.plusSeconds(600), null);
        ledger.putMark(RDP, old);
        ledger.putMark(RDP, newer);

        ledger.deleteMark(RDP, old);
        assertThat(ledger.read(RDP).marks()).as("undoing a dead execution's work never removes a newer one's").containsExactly(newer);
        ledger.deleteMark(RDP, newer);
        assertThat(ledger.read(RDP).marks()).isEmpty();
        ledger.deleteMark(RDP, newer);
    }

    @ParameterizedTest
    @MethodSource("ledgers")
    void recordsAreReplacedByTheirCompletionAndDeletedOnce(Supplier<ScaleLedgerStore> fresh) {
        ScaleLedgerStore ledger = fresh.get();
        ProtectionRecord intent = new ProtectionRecord("exec-1", 3, NOW, List.of(new ProtectionRecord.Entry(arn("c"), null, null, true)));
        ProtectionRecord done = new ProtectionRecord("exec-1", 3, NOW, List.of(new ProtectionRecord.Entry(arn("c"), null, NOW.plusSeconds(1800), true)));
        ledger.putProtection(RDP, intent);
        ledger.putProtection(RDP, done);
        assertThat(ledger.read(RDP).protections()).containsExactly(done);
        ledger.deleteProtection(RDP, done);
        ledger.deleteProtection(RDP, done);
        ledger.deleteStop(RDP, new StopRecord("exec-1", List.of(), 1, 1, NOW));
        assertThat(ledger.read(RDP)).isEqualTo(ScaleLedger.EMPTY);
    }
}
