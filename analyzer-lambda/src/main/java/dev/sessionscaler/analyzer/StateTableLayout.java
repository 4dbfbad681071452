package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.ingest.SessionTableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The scaler state table: per service, its decision history, its workflow lease, and its audit trail.
 *
 * <pre>
 * item     pk                         sk                    attributes
 * history  SVC#&lt;cluster&gt;#&lt;service&gt;  HISTORY               lowSince, lastScaleOutAt, lastScaleInAt (ISO-8601)
 * lease    SVC#&lt;cluster&gt;#&lt;service&gt;  LEASE                 holder, leaseUntil (epoch ms), expiresAt (TTL)
 * audit    SVC#&lt;cluster&gt;#&lt;service&gt;  AUDIT#&lt;decidedAt&gt;     action, reason, record (JSON), expiresAt (TTL)
 * mark     SVC#&lt;cluster&gt;#&lt;service&gt;  MARK#&lt;taskArn&gt;        taskArn, kind, holder, since, deadline, deregistered
 * protect  SVC#&lt;cluster&gt;#&lt;service&gt;  PROT#&lt;holder&gt;#&lt;n&gt;    holder, batch, requestedAt, tasks [{taskArn, set, previousExpiry, ourExpiry}]
 * stop     SVC#&lt;cluster&gt;#&lt;service&gt;  STOP#&lt;holder&gt;         holder, victims, desiredBefore, desiredSet, requestedAt
 * </pre>
 * The last three are the scale ledger ({@link DynamoDbScaleLedger}): what a workflow has started and not yet
 * completed or undone. They never expire by themselves.
 */
public final class StateTableLayout {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TTL = "expiresAt";
    public static final String HISTORY = "HISTORY";
    public static final String LEASE = "LEASE";
    public static final String AUDIT_PREFIX = "AUDIT#";

    private StateTableLayout() {
    }

    public static String servicePk(ServiceRef service) {
        return "SVC#" + service.cluster() + "#" + service.service();
    }

    /** Creates the table for DynamoDB Local: the session table's keys, TTL off (see {@link SessionTableLayout#createLocalTable}). */
    public static void createLocalTable(DynamoDbClient dynamo, String table) {
        SessionTableLayout.createLocalTable(dynamo, table);
    }
}
