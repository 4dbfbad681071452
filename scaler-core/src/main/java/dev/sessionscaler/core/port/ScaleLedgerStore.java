package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ProtectionRecord;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.StopRecord;
import dev.sessionscaler.core.model.TaskMark;

/**
 * Where Session Scaler writes down what it is doing to a service before it does it (adapter:
 * {@code DynamoDbScaleLedger}), so that nothing it sets is ever left behind (invariant 10). Every write is
 * idempotent; deletes are conditional on the record being the one given, so undoing a dead execution's work
 * never removes a newer execution's.
 */
public interface ScaleLedgerStore {
    /** The service's marks, protection records and stop records, in one read. */
    ScaleLedger read(ServiceRef service);

    void putMark(ServiceRef service, TaskMark mark);

    /** Deletes the task's mark if it is still {@code mark} (same kind and holder). */
    void deleteMark(ServiceRef service, TaskMark mark);

    void putProtection(ServiceRef service, ProtectionRecord record);

    void deleteProtection(ServiceRef service, ProtectionRecord record);

    void putStop(ServiceRef service, StopRecord record);

    void deleteStop(ServiceRef service, StopRecord record);
}
