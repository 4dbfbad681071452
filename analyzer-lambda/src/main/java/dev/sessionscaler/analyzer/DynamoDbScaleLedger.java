package dev.sessionscaler.analyzer;

import static dev.sessionscaler.analyzer.StateTableLayout.PK;
import static dev.sessionscaler.analyzer.StateTableLayout.SK;

import dev.sessionscaler.core.model.ProtectionRecord;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.StopRecord;
import dev.sessionscaler.core.model.TaskMark;
import dev.sessionscaler.core.port.ScaleLedgerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The scale ledger in the state table ({@link StateTableLayout}): {@code MARK#<taskArn>}, {@code PROT#<holder>#<batch>}
 * and {@code STOP#<holder>} items of the service's partition. Their sort keys sort after every other item of the
 * service (audit, history, lease), so one query from {@code MARK#} reads the whole ledger. They carry no TTL: a
 * record that vanished by itself would be a mark left behind.
 */
public final class DynamoDbScaleLedger implements ScaleLedgerStore {
    static final String MARK = "MARK#";
    static final String PROTECTION = "PROT#";
    static final String STOP = "STOP#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbScaleLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public ScaleLedger read(ServiceRef service) {
        List<TaskMark> marks = new ArrayList<>();
        List<ProtectionRecord> protections = new ArrayList<>();
        List<StopRecord> stops = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND #sk >= :from")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":pk", s(StateTableLayout.servicePk(service)), ":from", s(MARK))))
                .items().forEach(item -> {
                    String sk = item.get(SK).s();
                    if (sk.startsWith(MARK)) {
                        marks.add(mark(item));
                    } else if (sk.startsWith(PROTECTION)) {
                        protections.add(protection(item));
                    } else if (sk.startsWith(STOP)) {
                        stops.add(stop(item));
                    }
                });
        return new ScaleLedger(marks, protections, stops);
    }

    @Override
    public void putMark(ServiceRef service, TaskMark mark) {
        Map<String, AttributeValue> item = new HashMap<>(key(service, MARK + mark.taskArn()));
        item.put("taskArn", s(mark.taskArn()));
        item.put("kind", s(mark.kind().name()));
        putIfPresent(item, "holder", mark.holder());
        item.put("since", n(mark.since().toEpochMilli()));
        item.put("deregistered", AttributeValue.fromBool(mark.deregistered()));
        if (mark.deadline() != null) {
            item.put("deadline", n(mark.deadline().toEpochMilli()));
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void deleteMark(ServiceRef service, TaskMark mark) {
        Map<String, String> names = new HashMap<>(Map.of("#kind", "kind", "#holder", "holder"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":kind", s(mark.kind().name())));
        String holderCondition;
        if (mark.holder() == null) {
            holderCondition = "attribute_not_exists(#holder)";
        } else {
            holderCondition = "#holder = :holder";
            values.put(":holder", s(mark.holder()));
        }
        deleteIf(key(service, MARK + mark.taskArn()), "#kind = :kind AND " + holderCondition, names, values);
    }

    @Override
    public void putProtection(ServiceRef service, ProtectionRecord record) {
        Map<String, AttributeValue> item = new HashMap<>(key(service, protectionKey(record)));
        item.put("holder", s(record.holder()));
        item.put("batch", n(record.batch()));
        item.put("requestedAt", n(record.requestedAt().toEpochMilli()));
        List<AttributeValue> tasks = new ArrayList<>();
        for (ProtectionRecord.Entry entry : record.tasks()) {
            Map<String, AttributeValue> task = new HashMap<>();
            task.put("taskArn", s(entry.taskArn()));
            task.put("set", AttributeValue.fromBool(entry.set()));
            if (entry.previousExpiry() != null) {
                task.put("previousExpiry", n(entry.previousExpiry().toEpochMilli()));
            }
            if (entry.ourExpiry() != null) {
                task.put("ourExpiry", n(entry.ourExpiry().toEpochMilli()));
            }
            tasks.add(AttributeValue.fromM(task));
        }
        item.put("tasks", AttributeValue.fromL(tasks));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void deleteProtection(ServiceRef service, ProtectionRecord record) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(service, protectionKey(record))));
    }

    @Override
    public void putStop(ServiceRef service, StopRecord record) {
        Map<String, AttributeValue> item = new HashMap<>(key(service, STOP + record.holder()));
        item.put("holder", s(record.holder()));
        item.put("victims", AttributeValue.fromL(record.victims().stream().map(DynamoDbScaleLedger::s).toList()));
        item.put("desiredBefore", n(record.desiredBefore()));
        item.put("desiredSet", n(record.desiredSet()));
        item.put("requestedAt", n(record.requestedAt().toEpochMilli()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void deleteStop(ServiceRef service, StopRecord record) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(service, STOP + record.holder())));
    }

    private void deleteIf(Map<String, AttributeValue> key, String condition, Map<String, String> names,
                          Map<String, AttributeValue> values) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // someone else's mark by now, or gone already: deleting is idempotent and never takes another's
        }
    }

    private static String protectionKey(ProtectionRecord record) {
        return PROTECTION + record.holder() + "#" + String.format("%05d", record.batch());
    }

    private static TaskMark mark(Map<String, AttributeValue> item) {
        return new TaskMark(item.get("taskArn").s(), TaskMark.Kind.valueOf(item.get("kind").s()),
                item.containsKey("holder") ? item.get("holder").s() : null, instant(item, "since"), instant(item, "deadline"),
                // a mark written before "deregistered" was kept: what a new mark of its kind starts as (a cordon is out of the
                // load balancer by definition; a drain is taken for not out yet, so Deregister checks its target again)
                item.containsKey("deregistered") ? Boolean.TRUE.equals(item.get("deregistered").bool())
                        : TaskMark.Kind.valueOf(item.get("kind").s()) == TaskMark.Kind.CORDONED);
    }

    private static ProtectionRecord protection(Map<String, AttributeValue> item) {
        List<ProtectionRecord.Entry> tasks = new ArrayList<>();
        for (AttributeValue value : item.get("tasks").l()) {
            Map<String, AttributeValue> task = value.m();
            tasks.add(new ProtectionRecord.Entry(task.get("taskArn").s(), instant(task, "previousExpiry"), instant(task, "ourExpiry"),
                    Boolean.TRUE.equals(task.get("set").bool())));
        }
        return new ProtectionRecord(item.get("holder").s(), Integer.parseInt(item.get("batch").n()), instant(item, "requestedAt"), tasks);
    }

    private static StopRecord stop(Map<String, AttributeValue> item) {
        return new StopRecord(item.get("holder").s(), item.get("victims").l().stream().map(AttributeValue::s).toList(),
                Integer.parseInt(item.get("desiredBefore").n()), Integer.parseInt(item.get("desiredSet").n()),
                instant(item, "requestedAt"));
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static Map<String, AttributeValue> key(ServiceRef service, String sk) {
        return Map.of(PK, s(StateTableLayout.servicePk(service)), SK, s(sk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
