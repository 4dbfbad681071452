package dev.sessionscaler.core.port;

import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ServiceRef;

/** Keeps decision history between runs and the audit trail (adapter: {@code DynamoDbDecisionStore}). */
public interface DecisionStateStore {
    DecisionHistory loadHistory(ServiceRef service);

    /** Saves the decision's next history and its audit record. */
    void record(ServiceRef service, Decision decision);
}
