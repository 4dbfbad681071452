package dev.sessionscaler.ingest;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.sessionscaler.core.model.ServiceRef;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Embedded, in-memory DynamoDB Local for tests: one per test class, a fresh table per test. */
final class LocalDynamoDb implements AutoCloseable {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private final AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
    final DynamoDbClient client = local.dynamoDbClient();

    String newTable() {
        String name = "sessions-" + TABLES.incrementAndGet();
        SessionTableLayout.createLocalTable(client, name);
        return name;
    }

    /** Active session ids per task, read from the session items themselves (not the aggregate). */
    Map<String, Set<String>> activeIds(String table, ServiceRef service) {
        return activeIds(client, table, service);
    }

    /** The same, on any DynamoDB (moto_server too). */
    static Map<String, Set<String>> activeIds(DynamoDbClient client, String table, ServiceRef service) {
        Map<String, Set<String>> result = new TreeMap<>();
        client.scanPaginator(r -> r.tableName(table)).items().forEach(item -> {
            if (item.containsKey(SessionTableLayout.SESSION_ID)
                    && item.get(SessionTableLayout.SERVICE).s().equals(service.key())) {
                String arn = item.get(SessionTableLayout.PK).s().substring("TASK#".length());
                Set<String> ids = result.computeIfAbsent(arn, a -> new TreeSet<>());
                if (Boolean.TRUE.equals(item.get(SessionTableLayout.ACTIVE).bool())) {
                    ids.add(item.get(SessionTableLayout.SESSION_ID).s());
                }
            }
        });
        return result;
    }

    @Override
    public void close() {
        client.close();
        local.shutdown();
    }
}
