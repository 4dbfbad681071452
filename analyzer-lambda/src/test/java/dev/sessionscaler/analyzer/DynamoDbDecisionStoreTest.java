package dev.sessionscaler.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.decision.DecisionPipeline;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbDecisionStoreTest {
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

    @Test
    void historyRoundTripsAndEachDecisionLeavesAnAuditRecordWithATtl() throws Exception {
        String table = dynamo.newTable();
        var store = new DynamoDbDecisionStore(dynamo.client, table, Duration.ofDays(30));
        assertThat(store.loadHistory(RDP)).isEqualTo(DecisionHistory.empty());
        Decision decision = new DecisionPipeline().decide(new DecisionInput(ScalerConfig.builder(1, 10, 10).build(), NOW,
                new FleetSnapshot(new ServiceState("demo", "rdp", 0, false), 10.0, 10.0, List.of()),
                new DecisionHistory(NOW.minusSeconds(60), null, null)));

        store.record(RDP, decision);

        assertThat(store.loadHistory(RDP)).isEqualTo(decision.history());
        Map<String, AttributeValue> audit = dynamo.client.getItem(r -> r.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("SVC#demo#rdp"), "sk", AttributeValue.fromS("AUDIT#" + NOW)))).item();
        assertThat(audit.get("action").s()).isEqualTo("SCALE_OUT");
        assertThat(audit.get("reason").s()).isEqualTo(decision.reason().name());
        assertThat(audit.get("expiresAt").n()).isEqualTo(Long.toString(NOW.plus(Duration.ofDays(30)).getEpochSecond()));
        JsonNode record = Json.MAPPER.readTree(audit.get("record").s());
        assertThat(record.at("/steps/0/step").asText()).isEqualTo("recommend");
        assertThat(record.at("/config/minTasks").asInt()).isEqualTo(1);
    }

    @Test
    void theInMemoryTwinKeepsTheSameHistoryPerService() {
        String table = dynamo.newTable();
        var stores = List.of(new DynamoDbDecisionStore(dynamo.client, table, Duration.ofDays(30)), new InMemoryDecisionStore());
        ServiceRef other = new ServiceRef("demo", "tag");
        for (int minute = 0; minute < 3; minute++) {
            Instant now = NOW.plusSeconds(60L * minute);
            Decision decision = new DecisionPipeline().decide(new DecisionInput(ScalerConfig.builder(1, 10, 10).build(), now,
                    new FleetSnapshot(new ServiceState("demo", "rdp", minute, false), 10.0, 10.0, List.of()),
                    stores.get(0).loadHistory(RDP)));
            stores.forEach(store -> store.record(RDP, decision));
        }

        assertThat(stores.get(1).loadHistory(RDP)).isEqualTo(stores.get(0).loadHistory(RDP)).isNotEqualTo(DecisionHistory.empty());
        assertThat(stores.get(1).loadHistory(other)).isEqualTo(stores.get(0).loadHistory(other)).isEqualTo(DecisionHistory.empty());
    }

    static java.util.stream.Stream<java.util.function.Supplier<dev.sessionscaler.core.port.DecisionStateStore>> stores() {
        return java.util.stream.Stream.of(() -> new DynamoDbDecisionStore(dynamo.client, dynamo.newTable(), java.time.Duration.ofDays(30)),
                InMemoryDecisionStore::new);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("stores")
    void peaksOnlyRiseWithinAWeekAndWeeksThatAgedOutAreForgotten(
            java.util.function.Supplier<dev.sessionscaler.core.port.DecisionStateStore> fresh) {
        var store = fresh.get();
        Instant monday = Instant.parse("2026-01-05T08:10:00Z");
        int slot = dev.sessionscaler.core.policy.LearnedFloor.slotOf(monday);
        long week = dev.sessionscaler.core.policy.LearnedFloor.weekOf(monday);
        store.recordPeak(RDP, monday, 40);
        store.recordPeak(RDP, monday.plusSeconds(60), 55);
        store.recordPeak(RDP, monday.plusSeconds(120), 30);  // lower: the week's peak stays
        for (int w = 1; w <= 5; w++) {
            store.recordPeak(RDP, monday.plus(java.time.Duration.ofDays(7L * w)), 10 * w);
        }

        var peaks = store.peaks(RDP, java.util.List.of(slot, slot + 1));

        assertThat(peaks).hasSize(2);
        assertThat(peaks.get(0).slot()).isEqualTo(slot);
        assertThat(peaks.get(0).byWeek()).as("the first week aged out; the last five kept")
                .containsOnlyKeys(week + 1, week + 2, week + 3, week + 4, week + 5).containsEntry(week + 5, 50);
        assertThat(peaks.get(1).byWeek()).isEmpty();
        assertThat(store.peaks(new ServiceRef("demo", "vnc"), java.util.List.of(slot)).get(0).byWeek()).as("per service").isEmpty();
    }
}
