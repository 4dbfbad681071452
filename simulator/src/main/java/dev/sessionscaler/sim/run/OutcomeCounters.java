package dev.sessionscaler.sim.run;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;

/**
 * What users and the bill see of a policy, counted the same way for every policy.
 * <ul>
 * <li>Task-minutes count every task that exists (starting, running or stopping), as Fargate bills.</li>
 * <li>An overload minute is one in which, at some second, no in-service task had a free session slot.</li>
 * <li>Scale-out latency: from the moment free slots fell below half a task's worth (the pressure that called
 *     for it; the decision's own time if there was none) until the raised desired count is in service.</li>
 * </ul>
 */
final class OutcomeCounters {
    private record PendingScaleOut(int since, int target) {
    }

    private final int sessionsPerTask;
    private final BitSet overloadMinutes = new BitSet();
    private final List<PendingScaleOut> pending = new ArrayList<>();
    private final List<Integer> scaleOutLatencies = new ArrayList<>();
    private int started;
    private int rejected;
    private int interrupted;
    private long taskSeconds;
    private int desiredCount;
    private int scaleOuts;
    private int scaleIns;
    private int pressureSince = -1;

    OutcomeCounters(int sessionsPerTask, int initialDesiredCount) {
        this.sessionsPerTask = sessionsPerTask;
        this.desiredCount = initialDesiredCount;
    }

    void started() {
        started++;
    }

    void rejected() {
        rejected++;
    }

    void interrupted(int sessions) {
        interrupted += sessions;
    }

    int desiredCount() {
        return desiredCount;
    }

    void second(int second, int billedTasks, int inServiceTasks, int freeSlots, int newDesiredCount, int minute) {
        taskSeconds += billedTasks;
        if (freeSlots == 0) {
            overloadMinutes.set(minute);
        }
        if (freeSlots * 2 < sessionsPerTask) {
            pressureSince = pressureSince < 0 ? second : pressureSince;
        } else {
            pressureSince = -1;
        }
        if (newDesiredCount > desiredCount) {
            scaleOuts++;
            pending.add(new PendingScaleOut(pressureSince < 0 ? second : pressureSince, newDesiredCount));
        } else if (newDesiredCount < desiredCount) {
            scaleIns++;
        }
        desiredCount = newDesiredCount;
        for (Iterator<PendingScaleOut> it = pending.iterator(); it.hasNext(); ) {
            PendingScaleOut p = it.next();
            if (inServiceTasks >= p.target()) {
                scaleOutLatencies.add(second - p.since());
                it.remove();
            } else if (desiredCount < p.target()) {
                it.remove();  // superseded by a scale-in before it completed: no latency to measure
            }
        }
    }

    PolicyResult.Outcome summary() {
        return new PolicyResult.Outcome(started, interrupted, rejected, taskSeconds / 60.0, overloadMinutes.cardinality(),
                p95(scaleOutLatencies), scaleOuts, scaleIns);
    }

    /** Nearest-rank 95th percentile; 0 when there was no scale-out. */
    static int p95(List<Integer> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Integer> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(0.95 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
