package dev.sessionscaler.analyzer;

import static dev.sessionscaler.analyzer.StateTableLayout.PK;
import static dev.sessionscaler.analyzer.StateTableLayout.SK;
import static dev.sessionscaler.analyzer.StateTableLayout.TTL;

import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.policy.LearnedFloor;
import dev.sessionscaler.core.port.DecisionStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

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

    /**
     * One item a half hour of the week ({@code PEAK#<slot>}), one number a week ({@code w<week>}); a conditional update
     * raises this week's and removes the weeks that have aged out (up to eight of them, so a half hour that saw no
     * write for two months is cleaned up too; anything older is ignored by the floor): one small write a minute, no read.
     */
    @Override
    public void recordPeak(ServiceRef service, Instant at, int sessions) {
        long week = LearnedFloor.weekOf(at);
        Map<String, String> names = new HashMap<>(Map.of("#week", "w" + week));
        List<String> aged = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            names.put("#aged" + i, "w" + (week - LearnedFloor.WEEKS - i));
            aged.add("#aged" + i);
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(service, peakKey(LearnedFloor.slotOf(at))))
                    .updateExpression("SET #week = :sessions REMOVE " + String.join(", ", aged))
                    .conditionExpression("attribute_not_exists(#week) OR #week < :sessions")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":sessions", AttributeValue.fromN(Integer.toString(sessions)))));
        } catch (ConditionalCheckFailedException e) {
            // this week's peak for the half hour is already as high
        }
    }

    /** One BatchGetItem for all the slots; keys it leaves unprocessed (throttling) fail the read, which the analyzer holds on. */
    @Override
    public List<LearnedFloor.Peaks> peaks(ServiceRef service, List<Integer> slots) {
        List<Map<String, AttributeValue>> keys = slots.stream().distinct().map(slot -> key(service, peakKey(slot))).toList();
        BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).build())));
        if (response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty()) {
            throw new IllegalStateException("the learned floor's peaks were not all read (throttled)");
        }
        Map<String, Map<String, AttributeValue>> bySk = new HashMap<>();
        response.responses().getOrDefault(table, List.of()).forEach(item -> bySk.put(item.get(SK).s(), item));
        return slots.stream().map(slot -> new LearnedFloor.Peaks(slot, weeks(bySk.getOrDefault(peakKey(slot), Map.of())))).toList();
    }

    private static Map<Long, Integer> weeks(Map<String, AttributeValue> item) {
        Map<Long, Integer> byWeek = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.matches("w-?\\d+")) {
                byWeek.put(Long.parseLong(name.substring(1)), Integer.parseInt(value.n()));
            }
        });
        return byWeek;
    }

    private static String peakKey(int slot) {
        return StateTableLayout.PEAK_PREFIX + String.format("%03d", slot);
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
