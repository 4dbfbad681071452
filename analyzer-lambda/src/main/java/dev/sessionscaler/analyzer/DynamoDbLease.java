package dev.sessionscaler.analyzer;

import static dev.sessionscaler.analyzer.StateTableLayout.PK;
import static dev.sessionscaler.analyzer.StateTableLayout.SK;
import static dev.sessionscaler.analyzer.StateTableLayout.TTL;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One workflow per service (invariant 4): a lease item written only if it is absent, expired, or
 * already held by the same holder. The holder is the workflow execution's name, so a retried
 * analyzer invocation for the same minute re-takes its own lease rather than failing, and the
 * workflow releases it by name on every exit path.
 */
public final class DynamoDbLease implements Lease {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String item;

    /** The service's workflow lease (item {@code LEASE}). */
    public DynamoDbLease(DynamoDbClient dynamo, String table) {
        this(dynamo, table, StateTableLayout.LEASE);
    }

    /**
     * A lease with the same rules on another item of the service: {@code PAUSE}, the analyzer pause an integration test
     * holds ({@link StateTableLayout#PAUSE}).
     */
    public DynamoDbLease(DynamoDbClient dynamo, String table, String item) {
        this.dynamo = dynamo;
        this.table = table;
        this.item = item;
    }

    @Override
    public boolean tryAcquire(ServiceRef service, String holder, Instant now, Duration ttl) {
        Instant until = now.plus(ttl);
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(PK, s(StateTableLayout.servicePk(service)), SK, s(item),
                            "holder", s(holder), "leaseUntil", n(until.toEpochMilli()),
                            // DynamoDB deletes expired items within days, not at once: leaseUntil decides
                            TTL, n(until.plus(Duration.ofDays(1)).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(#pk) OR #until <= :now OR #holder = :holder")
                    .expressionAttributeNames(Map.of("#pk", PK, "#until", "leaseUntil", "#holder", "holder"))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":holder", s(holder))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean renew(ServiceRef service, String holder, Instant now, Duration ttl) {
        Instant until = now.plus(ttl);
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(service))
                    .updateExpression("SET #until = :until, #ttl = :ttl")
                    .conditionExpression("#holder = :holder")
                    .expressionAttributeNames(Map.of("#until", "leaseUntil", "#ttl", TTL, "#holder", "holder"))
                    .expressionAttributeValues(Map.of(":until", n(until.toEpochMilli()), ":holder", s(holder),
                            ":ttl", n(until.plus(Duration.ofDays(1)).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Held> current(ServiceRef service) {
        Map<String, AttributeValue> found = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(key(service))).item();
        if (found == null || found.isEmpty() || !found.containsKey("holder")) {
            return Optional.empty();
        }
        return Optional.of(new Held(found.get("holder").s(), Instant.ofEpochMilli(Long.parseLong(found.get("leaseUntil").n()))));
    }

    private Map<String, AttributeValue> key(ServiceRef service) {
        return Map.of(PK, s(StateTableLayout.servicePk(service)), SK, s(item));
    }

    @Override
    public void release(ServiceRef service, String holder) {
        try {
            dynamo.deleteItem(r -> r.tableName(table)
                    .key(Map.of(PK, s(StateTableLayout.servicePk(service)), SK, s(item)))
                    .conditionExpression("#holder = :holder")
                    .expressionAttributeNames(Map.of("#holder", "holder"))
                    .expressionAttributeValues(Map.of(":holder", s(holder))));
        } catch (ConditionalCheckFailedException e) {
            // not ours (or already gone): releasing is idempotent and never frees another holder's lease
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
