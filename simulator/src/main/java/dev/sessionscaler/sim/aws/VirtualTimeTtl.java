package dev.sessionscaler.sim.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * <b>Simulated:</b> DynamoDB's time to live, in virtual time. DynamoDB Local expires items by the machine's
 * clock, so local tables are created without TTL; this sweep deletes the items whose TTL attribute (epoch
 * seconds) has passed in the simulation's time instead. AWS deletes expired items within a few days; the
 * sweep is prompt, which only matters for reads that would still see expired items.
 */
public final class VirtualTimeTtl {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String ttlAttribute;
    private final List<String> keyAttributes;

    public VirtualTimeTtl(DynamoDbClient dynamo, String table, String ttlAttribute, List<String> keyAttributes) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttlAttribute = ttlAttribute;
        this.keyAttributes = List.copyOf(keyAttributes);
    }

    /** Deletes every item that expired at or before {@code now}; returns how many. */
    public int sweep(Instant now) {
        List<WriteRequest> deletes = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).filterExpression("#ttl <= :now")
                        .expressionAttributeNames(Map.of("#ttl", ttlAttribute))
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))))
                .items().forEach(item -> deletes.add(WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder().key(keyOf(item)).build()).build()));
        for (int from = 0; from < deletes.size(); from += 25) {
            List<WriteRequest> chunk = deletes.subList(from, Math.min(deletes.size(), from + 25));
            Map<String, List<WriteRequest>> unprocessed = Map.of(table, chunk);
            while (!unprocessed.isEmpty()) {
                Map<String, List<WriteRequest>> request = unprocessed;
                unprocessed = dynamo.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
            }
        }
        return deletes.size();
    }

    private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new java.util.HashMap<>();
        keyAttributes.forEach(k -> key.put(k, item.get(k)));
        return key;
    }
}
