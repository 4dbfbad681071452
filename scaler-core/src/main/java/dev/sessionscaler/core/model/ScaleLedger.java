package dev.sessionscaler.core.model;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything Session Scaler has marked, protected or lowered for one service and not yet completed or undone,
 * read in one go. Anything here held by an execution that is no longer running is left behind and must be
 * reconciled (invariant 10).
 */
public record ScaleLedger(List<TaskMark> marks, List<ProtectionRecord> protections, List<StopRecord> stops) {
    public static final ScaleLedger EMPTY = new ScaleLedger(List.of(), List.of(), List.of());

    public ScaleLedger {
        marks = List.copyOf(marks);
        protections = List.copyOf(protections);
        stops = List.copyOf(stops);
    }

    /** The executions this ledger holds work in progress for. */
    public Set<String> holders() {
        Set<String> holders = marks.stream().filter(TaskMark::held).map(TaskMark::holder).collect(Collectors.toSet());
        protections.forEach(p -> holders.add(p.holder()));
        stops.forEach(s -> holders.add(s.holder()));
        return holders;
    }

    /** Work in progress of anyone but {@code liveHolder} (null when no execution runs): what was left behind. */
    public boolean hasOrphansBesides(String liveHolder) {
        return holders().stream().anyMatch(h -> !h.equals(liveHolder));
    }
}
