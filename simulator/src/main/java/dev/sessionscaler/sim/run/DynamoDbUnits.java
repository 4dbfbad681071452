package dev.sessionscaler.sim.run;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * DynamoDB request units of the session path, from the sizes of the items our layout writes (SessionTableLayout), by
 * DynamoDB's sizing rules: an item is the UTF-8 length of its attribute names and values, a number about 8 bytes, a
 * map 3 bytes plus 1 a member; a write costs a unit per KB (twice in a transaction), a strongly consistent read a unit
 * per 4 KB. The task aggregate names its active sessions, so it grows with them. The call pattern is the store's:
 * <ul>
 * <li>a heartbeat listing the sessions the aggregate holds (up to 50): one conditional update of the aggregate;</li>
 * <li>a larger heartbeat: the aggregate read and written;</li>
 * <li>a START or END: the aggregate and the session read, then both written in one transaction.</li>
 * </ul>
 * {@code WriteUnitsBench} measures the same events on DynamoDB Local; BENCHMARKS.md compares the two. Not counted: a
 * task that reports its usage adds about 33 bytes to its aggregate (cpuPercent and memoryPercent), which moves the
 * step to a second unit from 17 sessions to 16.
 */
final class DynamoDbUnits {
    /** The aggregate with no session (pk, sk, taskArn, counts, times, version), as WriteUnitsBench measures it. */
    static final int AGGREGATE_BASE_BYTES = 283;
    /** Each active id in the aggregate's map besides the id itself: its number and the member overhead (measured: 44 B for a 36-character id). */
    static final int PER_ID_BYTES = 8;
    static final int FAST_HEARTBEAT_MAX_IDS = 50;

    record Units(double write, double read) {
    }

    private DynamoDbUnits() {
    }

    static int aggregateBytes(Collection<String> activeIds) {
        int bytes = AGGREGATE_BASE_BYTES;
        for (String id : activeIds) {
            bytes += id.getBytes(StandardCharsets.UTF_8).length + PER_ID_BYTES;
        }
        return bytes;
    }

    static Units heartbeat(Collection<String> listed) {
        int aggregate = aggregateBytes(listed);
        if (listed.size() <= FAST_HEARTBEAT_MAX_IDS) {
            return new Units(kb(aggregate), 0);
        }
        // the aggregate names its active sessions, so the store reads only it (and the session items of ids it lacks)
        return new Units(kb(aggregate), Math.ceil(aggregate / 4096.0));
    }

    /** A START or END, with the task's active ids after it. */
    static Units sessionChange(Collection<String> idsAfter) {
        int aggregate = aggregateBytes(idsAfter);
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
