package dev.sessionscaler.analyzer;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Embedded, in-memory DynamoDB Local for the analyzer's tests; a fresh state table per call. */
final class LocalDynamoDb implements AutoCloseable {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private final AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
    final DynamoDbClient client = local.dynamoDbClient();

    String newTable() {
        String name = "state-" + TABLES.incrementAndGet();
        StateTableLayout.createLocalTable(client, name);
        return name;
    }

    @Override
    public void close() {
        client.close();
        local.shutdown();
    }
}
