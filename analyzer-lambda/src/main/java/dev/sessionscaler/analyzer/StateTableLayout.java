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
 * pause    SVC#&lt;cluster&gt;#&lt;service&gt;  ANALYZER#PAUSE        holder, leaseUntil (epoch ms), expiresAt (TTL)
 * audit    SVC#&lt;cluster&gt;#&lt;service&gt;  AUDIT#&lt;decidedAt&gt;     action, reason, record (JSON), expiresAt (TTL)
 * peaks    SVC#&lt;cluster&gt;#&lt;service&gt;  FLOOR#&lt;slot 000-335&gt;  w&lt;week&gt;: most sessions in that half hour that week
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
    /**
     * The analyzer pause: a lease (same rules as {@code LEASE}) an integration test takes so the analyzer leaves the
     * service alone while the test drives it; it expires by itself if the test dies.
     */
    public static final String PAUSE = "PAUSE";
    public static final String AUDIT_PREFIX = "AUDIT#";
    /**
     * The learned floor's memory: the most sessions in one half hour of the week, a number a week. Sorts before
     * {@code MARK#}, so the ledger's query ({@code sk >= MARK#}) never reads these items.
     */
    public static final String PEAK_PREFIX = "FLOOR#";

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
