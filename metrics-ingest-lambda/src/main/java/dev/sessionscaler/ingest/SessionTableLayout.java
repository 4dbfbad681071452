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
 * so its cost grows with tasks, not sessions; the aggregate's size does not grow with the task's sessions either
 * ({@link DynamoDbSessionStore}). Only a heartbeat whose list differs from the active set reads the task's session
 * items, the ended ones kept for {@code tombstoneRetention} included.
 *
 * <pre>
 * item            pk                         sk                   attributes
 * task aggregate  SVC#&lt;cluster&gt;#&lt;service&gt;  TASK#&lt;taskArn&gt;       taskArn, activeSessions, activeDigest, recentEvidence,
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
    /** On the task aggregate: the active sessions' order-free {@link SessionDigest} (32 hex characters). */
    public static final String ACTIVE_DIGEST = "activeDigest";
    /**
     * On the task aggregate: the active sessions whose evidence is not the newest heartbeat's time, each with its own
     * (epoch ms); every other active session's evidence is {@link #LAST_HEARTBEAT_AT}, which listed it.
     */
    public static final String RECENT_EVIDENCE = "recentEvidence";
    /** The layout before the digest: a map of every active session to its evidence time. Read, then replaced. */
    public static final String LEGACY_ACTIVE_IDS = "activeIds";
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
