package dev.sessionscaler.ingest;

import dev.sessionscaler.core.model.ServiceRef;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The session table's single-table layout (partition key {@code pk}, sort key {@code sk}, TTL
 * attribute {@code expiresAt}). The analyzer reads one service's task aggregates with one query,
 * so its cost grows with tasks, not sessions; a heartbeat reads its task's aggregate, which names the active
 * sessions, and never the ended sessions kept for {@code tombstoneRetention}.
 *
 * <pre>
 * item            pk                         sk                   attributes
 * task aggregate  SVC#&lt;cluster&gt;#&lt;service&gt;  TASK#&lt;taskArn&gt;       taskArn, activeSessions, activeIds,
 *                                                                 lastHeartbeatAt, heartbeatReceivedAt, lastEventAt,
 *                                                                 version, cpuPercent and memoryPercent (if reported)
 * session         TASK#&lt;taskArn&gt;             SESSION#&lt;sessionId&gt;  sessionId, service, active, at,
 *                                                                 expiresAt (ended sessions only)
 * </pre>
 * Times are epoch milliseconds, {@code expiresAt} epoch seconds (DynamoDB TTL).
 */
public final class SessionTableLayout {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TTL = "expiresAt";

    public static final String TASK_ARN = "taskArn";
    public static final String ACTIVE_SESSIONS = "activeSessions";
    /** On the task aggregate: a map of the active sessions' ids to the time of their evidence (epoch ms). */
    public static final String ACTIVE_IDS = "activeIds";
    /** The newest heartbeat's own timestamp (the task's clock): orders evidence, and is the floor of {@link SessionTransitions}. */
    public static final String LAST_HEARTBEAT_AT = "lastHeartbeatAt";
    /** When AWS received that heartbeat (SQS SentTimestamp): what freshness is judged by, immune to a task's clock. */
    public static final String HEARTBEAT_RECEIVED_AT = "heartbeatReceivedAt";
    public static final String LAST_EVENT_AT = "lastEventAt";
    /** The CPU and memory the newest heartbeat reported (percent of the task's reservation); absent if it reported none. */
    public static final String CPU_PERCENT = "cpuPercent";
    public static final String MEMORY_PERCENT = "memoryPercent";
    public static final String VERSION = "version";

    public static final String SESSION_ID = "sessionId";
    public static final String SERVICE = "service";
    public static final String ACTIVE = "active";
    public static final String AT = "at";

    static final String TASK_PREFIX = "TASK#";
    static final String SESSION_PREFIX = "SESSION#";

    private SessionTableLayout() {
    }

    public static String servicePk(ServiceRef service) {
        return "SVC#" + service.cluster() + "#" + service.service();
    }

    public static String taskSk(String taskArn) {
        return TASK_PREFIX + taskArn;
    }

    public static String taskPk(String taskArn) {
        return TASK_PREFIX + taskArn;
    }

    public static String sessionSk(String sessionId) {
        return SESSION_PREFIX + sessionId;
    }

    /**
     * Creates the table with the CDK app's keys, for DynamoDB Local in tests and the simulator. TTL is
     * left off on purpose: DynamoDB Local expires items by the machine's wall clock, while local runs
     * use their own (virtual or fixed) time, so it would delete items that are not expired in that time.
     */
    public static void createLocalTable(DynamoDbClient dynamo, String table) {
        dynamo.createTable(r -> r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build()));
    }
}
