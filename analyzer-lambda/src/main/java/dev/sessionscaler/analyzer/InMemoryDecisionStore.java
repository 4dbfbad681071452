package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.DecisionStateStore;
import java.util.HashMap;
import java.util.Map;

/**
 * The decision history in memory, as {@link DynamoDbDecisionStore} keeps it (the next history replaces the last), for
 * the simulator's fast runs. It keeps no audit trail: the simulator records each decision itself.
 */
public final class InMemoryDecisionStore implements DecisionStateStore {
    private final Map<ServiceRef, DecisionHistory> histories = new HashMap<>();

    @Override
    public synchronized DecisionHistory loadHistory(ServiceRef service) {
        return histories.getOrDefault(service, DecisionHistory.empty());
    }

    @Override
    public synchronized void record(ServiceRef service, Decision decision) {
        histories.put(service, decision.history());
    }
}
