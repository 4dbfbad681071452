package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.model.ProtectionRecord;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.StopRecord;
import dev.sessionscaler.core.model.TaskMark;
import dev.sessionscaler.core.port.ScaleLedgerStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The scale ledger's rules in memory (same as {@link DynamoDbScaleLedger}): for the local workflow runner
 * ({@code run-workflow}) and unit tests. Synchronized, since a test may share it.
 */
public final class InMemoryScaleLedger implements ScaleLedgerStore {
    private final Map<ServiceRef, Map<String, TaskMark>> marks = new HashMap<>();
    private final Map<ServiceRef, Map<String, ProtectionRecord>> protections = new HashMap<>();
    private final Map<ServiceRef, Map<String, StopRecord>> stops = new HashMap<>();

    @Override
    public synchronized ScaleLedger read(ServiceRef service) {
        return new ScaleLedger(new ArrayList<>(marks.getOrDefault(service, Map.of()).values()),
                new ArrayList<>(protections.getOrDefault(service, Map.of()).values()),
                new ArrayList<>(stops.getOrDefault(service, Map.of()).values()));
    }

    @Override
    public synchronized void putMark(ServiceRef service, TaskMark mark) {
        marks.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(mark.taskArn(), mark);
    }

    @Override
    public synchronized void deleteMark(ServiceRef service, TaskMark mark) {
        Map<String, TaskMark> of = marks.getOrDefault(service, new HashMap<>());
        TaskMark current = of.get(mark.taskArn());
        if (current != null && current.kind() == mark.kind() && Objects.equals(current.holder(), mark.holder())) {
            of.remove(mark.taskArn());
        }
    }

    @Override
    public synchronized void putProtection(ServiceRef service, ProtectionRecord record) {
        protections.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(record.holder() + "#" + record.batch(), record);
    }

    @Override
    public synchronized void deleteProtection(ServiceRef service, ProtectionRecord record) {
        protections.getOrDefault(service, new HashMap<>()).remove(record.holder() + "#" + record.batch());
    }

    @Override
    public synchronized void putStop(ServiceRef service, StopRecord record) {
        stops.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(record.holder(), record);
    }

    @Override
    public synchronized void deleteStop(ServiceRef service, StopRecord record) {
        stops.getOrDefault(service, new HashMap<>()).remove(record.holder());
    }
}
