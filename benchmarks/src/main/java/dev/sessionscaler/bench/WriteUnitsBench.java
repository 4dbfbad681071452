package dev.sessionscaler.bench;

import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.ingest.ConsumedCapacityMeter;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import dev.sessionscaler.ingest.SessionEventParser;
import dev.sessionscaler.ingest.SessionTableLayout;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one session event costs in DynamoDB for a task holding 1, 20 and 200 sessions: the real {@link DynamoDbSessionStore}
 * against DynamoDB Local as a server on loopback, each call asked for its consumed capacity ({@link ConsumedCapacityMeter}).
 * DynamoDB Local computes the units from item sizes with DynamoDB's rules. Session ids are 36 characters (a UUID's
 * length). Prints one JSON object.
 */
public final class WriteUnitsBench {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final SessionEventParser PARSER = new SessionEventParser(EventLimits.DEFAULTS, Set.of(),
            Clock.fixed(T0.plusSeconds(86_400), ZoneOffset.UTC));

    private WriteUnitsBench() {
    }

    public static void main(String[] args) throws Exception {
        ConsumedCapacityMeter meter = new ConsumedCapacityMeter();
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        try (LocalDynamoDbServer server = new LocalDynamoDbServer(); DynamoDbClient dynamo = server.client(meter)) {
            SessionTableLayout.createLocalTable(dynamo, "sessions");
            var store = new DynamoDbSessionStore(dynamo, "sessions", Clock.fixed(T0, ZoneOffset.UTC), EventLimits.DEFAULTS, Backoff.standard());
            for (int sessions : new int[] {1, 20, 200}) {
                String task = "arn:aws:ecs:us-east-1:123456789012:task/demo/" + String.format("%032x", sessions);
                List<String> ids = new ArrayList<>();
                long t = T0.toEpochMilli();
                for (int i = 0; i < sessions; i++) {
                    ids.add(id(sessions, i));
                    store.record(PARSER.parse(session("SESSION_STARTED", task, ids.get(i), t += 10)));
                }
                store.record(PARSER.parse(heartbeat(task, ids, t += 1000)));  // the aggregate now lists them all
                rows.add(measure(meter, sessions, "heartbeat, sessions unchanged", () -> store.record(PARSER.parse(heartbeat(task, ids, T0.toEpochMilli() + 60_000 * 10)))));
                String extra = id(sessions, sessions);
                rows.add(measure(meter, sessions, "SESSION_STARTED", () -> store.record(PARSER.parse(session("SESSION_STARTED", task, extra, T0.toEpochMilli() + 60_000 * 11)))));
                rows.add(measure(meter, sessions, "SESSION_ENDED", () -> store.record(PARSER.parse(session("SESSION_ENDED", task, extra, T0.toEpochMilli() + 60_000 * 12)))));
                List<String> oneGone = ids.subList(1, ids.size());
                rows.add(measure(meter, sessions, "heartbeat that ends a session", () -> store.record(PARSER.parse(heartbeat(task, oneGone, T0.toEpochMilli() + 60_000 * 13)))));
                var aggregate = dynamo.getItem(r -> r.tableName("sessions").key(Map.of(
                        SessionTableLayout.PK, AttributeValue.fromS("SVC#demo#rdp"),
                        SessionTableLayout.SK, AttributeValue.fromS(SessionTableLayout.taskSk(task))))).item();
                sizes.put(Integer.toString(sessions - 1), itemBytes(aggregate));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", rows);
        out.put("aggregateItemBytesBySessions", sizes);
        System.out.println(Json.write(out));
        System.exit(0);  // DynamoDB Local leaves non-daemon threads behind
    }

    private static Map<String, Object> measure(ConsumedCapacityMeter meter, int sessions, String event, Runnable record) {
        double writes = meter.writeUnits();
        double reads = meter.readUnits();
        double failed = meter.failedWrites();
        record.run();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sessionsOnTask", sessions);
        row.put("event", event);
        row.put("writeUnits", meter.writeUnits() - writes);
        row.put("readUnits", meter.readUnits() - reads);
        row.put("failedConditionalWrites", meter.failedWrites() - failed);
        return row;
    }

    /** An item's size by DynamoDB's rules: names and values in UTF-8, numbers ~ digits/2 + 1, maps 3 + 1 a member. */
    static int itemBytes(Map<String, AttributeValue> item) {
        int bytes = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            bytes += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + valueBytes(e.getValue());
        }
        return bytes;
    }

    private static int valueBytes(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return v.n().replace("-", "").replace(".", "").length() / 2 + 1;
        }
        if (v.hasM()) {
            int bytes = 3;
            for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                bytes += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + valueBytes(e.getValue()) + 1;
            }
            return bytes;
        }
        return 1;
    }

    private static String id(int task, int i) {
        return String.format("%08x-0000-4000-8000-%012x", i, task);
    }

    private static String session(String type, String task, String id, long at) {
        return "{\"type\":\"" + type + "\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"" + task + "\",\"sessionId\":\""
                + id + "\",\"timestamp\":\"" + Instant.ofEpochMilli(at) + "\"}";
    }

    private static String heartbeat(String task, List<String> ids, long at) {
        return "{\"type\":\"TASK_HEARTBEAT\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"" + task
                + "\",\"activeSessionIds\":[" + String.join(",", ids.stream().map(i -> "\"" + i + "\"").toList())
                + "],\"timestamp\":\"" + Instant.ofEpochMilli(at) + "\"}";
    }
}
