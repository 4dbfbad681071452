package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.policy.LearnedFloor;
import dev.sessionscaler.core.port.DecisionStateStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision history in memory, as {@link DynamoDbDecisionStore} keeps it (the next history replaces the last), for
 * the simulator's fast runs. It keeps no audit trail: the simulator records each decision itself.
 */
public final class InMemoryDecisionStore implements DecisionStateStore {
    private final Map<ServiceRef, DecisionHistory> histories = new HashMap<>();
    private final Map<ServiceRef, Map<Integer, Map<Long, Integer>>> peaks = new HashMap<>();

    @Override
    public synchronized DecisionHistory loadHistory(ServiceRef service) {
        return histories.getOrDefault(service, DecisionHistory.empty());
    }

    @Override
    public synchronized void record(ServiceRef service, Decision decision) {
        histories.put(service, decision.history());
    }

    @Override
    public synchronized void recordPeak(ServiceRef service, Instant at, int sessions) {
        long week = LearnedFloor.weekOf(at);
        Map<Long, Integer> byWeek = peaks.computeIfAbsent(service, s -> new HashMap<>())
                .computeIfAbsent(LearnedFloor.slotOf(at), s -> new HashMap<>());
        byWeek.merge(week, sessions, Math::max);
        byWeek.keySet().removeIf(w -> w < week - LearnedFloor.WEEKS);
    }

    @Override
    public synchronized List<LearnedFloor.Peaks> peaks(ServiceRef service, List<Integer> slots) {
        Map<Integer, Map<Long, Integer>> kept = peaks.getOrDefault(service, Map.of());
        return slots.stream().map(slot -> new LearnedFloor.Peaks(slot, kept.getOrDefault(slot, Map.of()))).toList();
    }
}
