package dev.sessionscaler.steps;

import dev.sessionscaler.core.drain.WorkflowTiming;
import dev.sessionscaler.core.model.ProtectionRecord;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.TaskLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Task scale-in protection for a stop (invariant 2), written down call by call in the ledger so that it can always
 * be undone exactly (invariant 10), and so that the execution state never carries the fleet's task list (a 5,000-task
 * fleet would pass Step Functions' 256 KiB). Protection is one flag per task whose expiry every call resets, so:
 * <ul>
 *   <li>a task already protected for longer than our protection would last is left alone;</li>
 *   <li>any other task is protected, and what it had before is recorded;</li>
 *   <li>at release, a task whose expiry is no longer the one ECS gave us was protected again by someone else (the
 *       application) and is left alone; one still carrying ours gets back the protection it had before, if that has
 *       not expired, or none.</li>
 * </ul>
 */
final class ProtectionKeeper {
    static final int BATCH = 10;
    /** UpdateTaskProtection calls per step invocation: a 5,000-task fleet is protected over several invocations. */
    static final int CALLS_PER_INVOCATION = 50;

    private final StepContext context;

    ProtectionKeeper(StepContext context) {
        this.context = context;
    }

    /**
     * Protects running tasks not yet covered by {@code holder}'s records, except {@code exclude}, in at most
     * {@code maxCalls} calls; returns how many tasks are left to cover.
     */
    int protectUncovered(StepsService service, String holder, Set<String> exclude, int maxCalls) {
        ScaleLedger ledger = context.ports.ledger().read(service.ref());
        Set<String> running = new HashSet<>();
        context.ports.fleet().read(service.ref()).tasks().stream()
                // only running tasks can hold sessions; one still starting that ECS stops instead of a victim cuts nothing
                .filter(t -> t.lifecycle() == TaskLifecycle.RUNNING && !exclude.contains(t.taskArn()))
                .forEach(t -> running.add(t.taskArn()));
        Set<String> covered = new HashSet<>();
        int nextBatch = 0;
        int calls = 0;
        for (ProtectionRecord record : ledger.protections()) {
            if (!record.holder().equals(holder)) {
                continue;
            }
            nextBatch = Math.max(nextBatch, record.batch() + 1);
            if (record.tasks().stream().anyMatch(e -> e.set() && e.ourExpiry() == null) && calls < maxCalls) {
                // a call whose answer was never recorded (a lost response, a retried step): make it again, keeping what
                // each task had before the first attempt (a re-read could take our own protection for the application's)
                Map<String, Instant> before = new HashMap<>();
                record.tasks().forEach(e -> before.put(e.taskArn(), e.previousExpiry()));
                protectBatch(service, holder, record.batch(), record.tasks().stream().map(ProtectionRecord.Entry::taskArn)
                        .filter(running::contains).toList(), before);
                calls++;
            }
            record.tasks().forEach(t -> covered.add(t.taskArn()));
        }
        List<String> uncovered = running.stream().filter(t -> !covered.contains(t)).sorted().toList();
        int from = 0;
        for (; from < uncovered.size() && calls < maxCalls; from += BATCH, calls++) {
            protectBatch(service, holder, nextBatch++, uncovered.subList(from, Math.min(uncovered.size(), from + BATCH)), Map.of());
        }
        return Math.max(0, uncovered.size() - from);
    }

    /** @param knownBefore for a repeated call, what each task had before the first one (it may since carry ours) */
    private void protectBatch(StepsService service, String holder, int batch, List<String> tasks, Map<String, Instant> knownBefore) {
        Instant now = context.now();
        Instant ours = now.plus(Duration.ofMinutes(WorkflowTiming.PROTECTION_MINUTES));
        Map<String, Instant> current = new HashMap<>(context.ports.fleet().protection(service.ref(), tasks));
        current.putAll(knownBefore);
        List<String> needed = tasks.stream().filter(t -> current.get(t) == null || current.get(t).isBefore(ours)).toList();
        List<ProtectionRecord.Entry> intent = tasks.stream()
                .map(t -> new ProtectionRecord.Entry(t, current.get(t), null, needed.contains(t))).toList();
        context.ports.ledger().putProtection(service.ref(), new ProtectionRecord(holder, batch, now, intent));
        if (needed.isEmpty()) {
            return;
        }
        Map<String, Instant> given = context.ports.ecs().protect(service.ref(), needed, WorkflowTiming.PROTECTION_MINUTES);
        // a task ECS did not protect has stopped meanwhile (MISSING): it needs no protection, and none is ours to undo
        List<ProtectionRecord.Entry> done = intent.stream()
                .map(e -> !e.set() ? e : new ProtectionRecord.Entry(e.taskArn(), e.previousExpiry(), given.get(e.taskArn()),
                        given.containsKey(e.taskArn())))
                .toList();
        context.ports.ledger().putProtection(service.ref(), new ProtectionRecord(holder, batch, now, done));
    }

    /**
     * The earliest expiry of the protection {@code holder} set, or null if it set none. A protection whose answer was
     * never recorded has an unknown expiry and cannot be counted on: it counts as expired.
     */
    Instant earliestExpiry(ScaleLedger ledger, String holder) {
        return ledger.protections().stream().filter(r -> r.holder().equals(holder))
                .flatMap(r -> r.tasks().stream()).filter(ProtectionRecord.Entry::set)
                .map(e -> e.ourExpiry() == null ? Instant.MIN : e.ourExpiry()).min(Instant::compareTo).orElse(null);
    }

    /**
     * Undoes one record: gives each task we protected back what it had, unless someone changed its protection since.
     * A call whose answer was never recorded is left to expire by itself: doubt keeps protection on.
     */
    void release(StepsService service, ProtectionRecord record) {
        List<ProtectionRecord.Entry> ours = record.tasks().stream().filter(e -> e.set() && e.ourExpiry() != null).toList();
        if (ours.isEmpty()) {
            return;
        }
        Instant now = context.now();
        Map<String, Instant> current = context.ports.fleet().protection(service.ref(), ours.stream().map(ProtectionRecord.Entry::taskArn).toList());
        List<String> lift = new ArrayList<>();
        for (ProtectionRecord.Entry entry : ours) {
            if (!entry.ourExpiry().equals(current.get(entry.taskArn()))) {
                continue;  // not ours any more (the application protected it again), or already gone
            }
            if (entry.previousExpiry() != null && entry.previousExpiry().isAfter(now)) {
                long minutes = Math.max(1, (Duration.between(now, entry.previousExpiry()).toSeconds() + 59) / 60);
                context.ports.ecs().protect(service.ref(), List.of(entry.taskArn()), (int) Math.min(minutes, 2880));
            } else {
                lift.add(entry.taskArn());
            }
        }
        context.ports.ecs().unprotect(service.ref(), lift);
    }
}
