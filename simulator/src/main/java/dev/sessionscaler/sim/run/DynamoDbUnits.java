package dev.sessionscaler.sim.run;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * DynamoDB request units of the session path, from the sizes of the items our layout writes (SessionTableLayout), by
 * DynamoDB's sizing rules: an item is the UTF-8 length of its attribute names and values, a number about 8 bytes, a
 * map 3 bytes plus 1 a member; a write costs a unit per KB (twice in a transaction), a strongly consistent read a unit
 * per 4 KB. The task aggregate does not name its sessions; it names only those started since the task's newest
 * heartbeat ({@code recentEvidence}). The call pattern is the store's:
 * <ul>
 * <li>a heartbeat listing the active sessions, no older than the task's last event: one conditional update (it also
 *     empties {@code recentEvidence});</li>
 * <li>a START or END: the aggregate and the session read, then both written in one transaction.</li>
 * </ul>
 * The simulated tasks' heartbeats always list what their STARTs and ENDs said, so none takes the path of a heartbeat
 * whose list differs (which also queries the task's session items). {@code WriteUnitsBench} measures the same events
 * on DynamoDB Local; BENCHMARKS.md compares the two. Not counted: a task that reports its usage adds about 33 bytes to
 * its aggregate (cpuPercent and memoryPercent), which changes no unit below 1 KB.
 */
final class DynamoDbUnits {
    /** The aggregate (pk, sk, taskArn, count, digest, times, version, an empty recentEvidence), as WriteUnitsBench measures it. */
    static final int AGGREGATE_BASE_BYTES = 332;
    /** Each id in recentEvidence besides the id itself: its number and the member overhead (measured: 44 B for a 36-character id). */
    static final int PER_ID_BYTES = 8;

    record Units(double write, double read) {
    }

    private DynamoDbUnits() {
    }

    /** @param recent the task's sessions started since its newest heartbeat */
    static int aggregateBytes(Collection<String> recent) {
        int bytes = AGGREGATE_BASE_BYTES;
        for (String id : recent) {
            bytes += id.getBytes(StandardCharsets.UTF_8).length + PER_ID_BYTES;
        }
        return bytes;
    }

    /** A heartbeat listing the task's active sessions, no older than its last event: one conditional update. */
    static Units heartbeat() {
        return new Units(1, 0);
    }

    /** A START or END, with the task's sessions started since its newest heartbeat after it. */
    static Units sessionChange(Collection<String> recentAfter) {
        int aggregate = aggregateBytes(recentAfter);
        return new Units(2 * (1 + kb(aggregate)), Math.ceil(aggregate / 4096.0) + 1);
    }

    /** The analyzer's query of a service's aggregates (eventually consistent: half a unit per 4 KB). */
    static double aggregatesQuery(int totalAggregateBytes) {
        return Math.max(0.5, Math.ceil(totalAggregateBytes / 4096.0) / 2);
    }

    private static double kb(int bytes) {
        return Math.ceil(bytes / 1024.0);
    }
}
