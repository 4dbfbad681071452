package dev.sessionscaler.analyzer;

import static dev.sessionscaler.analyzer.StateTableLayout.PK;
import static dev.sessionscaler.analyzer.StateTableLayout.SK;
import static dev.sessionscaler.analyzer.StateTableLayout.TTL;

import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.DecisionStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Decision history and audit records in the state table ({@link StateTableLayout}). */
public final class DynamoDbDecisionStore implements DecisionStateStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration auditRetention;

    public DynamoDbDecisionStore(DynamoDbClient dynamo, String table, Duration auditRetention) {
        this.dynamo = dynamo;
        this.table = table;
        this.auditRetention = auditRetention;
    }

    @Override
    public DecisionHistory loadHistory(ServiceRef service) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(service, StateTableLayout.HISTORY))).item();
        if (item == null || item.isEmpty()) {
            return DecisionHistory.empty();
        }
        return new DecisionHistory(instant(item, "lowSince"), instant(item, "lastScaleOutAt"), instant(item, "lastScaleInAt"));
    }

    /** Writes the next history and one audit record; both are plain puts, so a retried run overwrites itself. */
    @Override
    public void record(ServiceRef service, Decision decision) {
        DecisionHistory next = decision.history();
        Map<String, AttributeValue> history = new HashMap<>(key(service, StateTableLayout.HISTORY));
        putInstant(history, "lowSince", next.lowSince());
        putInstant(history, "lastScaleOutAt", next.lastScaleOutAt());
        putInstant(history, "lastScaleInAt", next.lastScaleInAt());
        dynamo.putItem(r -> r.tableName(table).item(history));

        Instant decidedAt = decision.audit().decidedAt();
        Map<String, AttributeValue> audit = new HashMap<>(key(service, StateTableLayout.AUDIT_PREFIX + decidedAt));
        audit.put("action", AttributeValue.fromS(decision.action().name()));
        audit.put("reason", AttributeValue.fromS(decision.reason().name()));
        audit.put("record", AttributeValue.fromS(Json.write(decision.audit())));
        audit.put(TTL, AttributeValue.fromN(Long.toString(decidedAt.plus(auditRetention).getEpochSecond())));
        dynamo.putItem(r -> r.tableName(table).item(audit));
    }

    private static Map<String, AttributeValue> key(ServiceRef service, String sk) {
        return Map.of(PK, AttributeValue.fromS(StateTableLayout.servicePk(service)), SK, AttributeValue.fromS(sk));
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? null : Instant.parse(value.s());
    }

    private static void putInstant(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value.toString()));
        }
    }
}
