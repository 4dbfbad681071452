package dev.sessionscaler.core.port;

import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.policy.LearnedFloor;
import java.time.Instant;
import java.util.List;

/** Keeps decision history between runs and the audit trail (adapter: {@code DynamoDbDecisionStore}). */
public interface DecisionStateStore {
    DecisionHistory loadHistory(ServiceRef service);

    /** Saves the decision's next history and its audit record. */
    void record(ServiceRef service, Decision decision);

    /**
     * Raises this week's peak of sessions in {@code at}'s half hour of the week to {@code sessions}, and forgets weeks
     * older than the learned floor looks at ({@code predictiveFloor}).
     */
    void recordPeak(ServiceRef service, Instant at, int sessions);

    /** The peaks kept for these half hours of the week ({@link LearnedFloor#slotOf}). */
    List<LearnedFloor.Peaks> peaks(ServiceRef service, List<Integer> slots);
}
