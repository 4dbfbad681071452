package dev.sessionscaler.analyzer;

// The fakes are synchronized: the analyzer may decide services concurrently (FanOut).

import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.port.DecisionStateStore;
import dev.sessionscaler.core.port.FleetReader;
import dev.sessionscaler.core.port.MetricsReader;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.core.port.WorkflowStarter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** In-memory stand-ins for the analyzer's ports, with call counters. */
final class Fakes {
    static final Instant NOW = Instant.parse("2026-01-01T10:00:20Z");
    static final Instant SCHEDULED = Instant.parse("2026-01-01T10:00:00Z");

    private Fakes() {
    }

    static String arn(String id) {
        return "arn:aws:ecs:us-east-1:123456789012:task/demo/" + id;
    }

    /** ECS: services with tasks; per-service failures and protected tasks on demand. */
    static final class Ecs implements FleetReader {
        final Map<ServiceRef, ServiceFleet> fleets = new HashMap<>();
        final Set<String> protectedTasks = new HashSet<>();
        final Set<ServiceRef> failing = new HashSet<>();
        final List<Collection<String>> protectionAsked = new ArrayList<>();
        int reads;

        Ecs service(ServiceRef ref, int desired, String... taskIds) {
            List<EcsTask> tasks = new ArrayList<>();
            for (int i = 0; i < taskIds.length; i++) {
                tasks.add(new EcsTask(arn(taskIds[i]), i % 2 == 0 ? "us-east-1a" : "us-east-1b",
                        NOW.minusSeconds(7200 - i * 60L), TaskLifecycle.RUNNING, true, false, "10.0.0." + (i + 10)));
            }
            fleets.put(ref, new ServiceFleet(new ServiceState(ref.cluster(), ref.service(), desired, false), tasks));
            return this;
        }

        @Override
        public synchronized ServiceFleet read(ServiceRef service) {
            reads++;
            if (failing.contains(service)) {
                throw new IllegalStateException("ThrottlingException: Rate exceeded");
            }
            return fleets.get(service);
        }

        @Override
        public synchronized Map<String, Instant> protection(ServiceRef service, Collection<String> taskArns) {
            protectionAsked.add(List.copyOf(taskArns));
            Map<String, Instant> result = new HashMap<>();
            taskArns.stream().filter(protectedTasks::contains).forEach(t -> result.put(t, NOW.plusSeconds(3600)));
            return result;
        }
    }

    static final class Metrics implements MetricsReader {
        ServiceMetrics metrics = new ServiceMetrics(20.0, 20.0, 30.0, Map.of());
        RuntimeException failure;
        int reads;

        @Override
        public synchronized ServiceMetrics read(ServiceRef service, Collection<String> taskArns, Instant now) {
            reads++;
            if (failure != null) {
                throw failure;
            }
            return metrics;
        }
    }

    /** Session aggregates set directly by tests. */
    static final class Sessions implements SessionStore {
        final Map<String, TaskSessions> tasks = new LinkedHashMap<>();
        final List<Set<String>> purges = new ArrayList<>();
        int reads;

        /** Which tasks are a service's, for tests with several services (otherwise every task is every service's). */
        final Map<ServiceRef, Set<String>> owners = new HashMap<>();

        Sessions task(String id, int active) {
            tasks.put(arn(id), new TaskSessions(arn(id), active, NOW.minusSeconds(30), NOW.minusSeconds(30)));
            return this;
        }

        /** A task whose heartbeat also reported its CPU and memory. */
        Sessions task(String id, int active, double cpuPercent, double memoryPercent) {
            tasks.put(arn(id), new TaskSessions(arn(id), active, NOW.minusSeconds(30), NOW.minusSeconds(30),
                    new dev.sessionscaler.core.model.TaskUsage(cpuPercent, memoryPercent)));
            return this;
        }

        Sessions owned(ServiceRef service, String... ids) {
            owners.put(service, java.util.Arrays.stream(ids).map(Fakes::arn).collect(java.util.stream.Collectors.toSet()));
            return this;
        }

        private boolean owns(ServiceRef service, String taskArn) {
            return !owners.containsKey(service) || owners.get(service).contains(taskArn);
        }

        @Override
        public synchronized Map<String, TaskSessions> taskSessions(ServiceRef service) {
            reads++;
            Map<String, TaskSessions> mine = new LinkedHashMap<>(tasks);
            mine.keySet().removeIf(t -> !owns(service, t));
            return mine;
        }

        @Override
        public synchronized int purgeTasksNotIn(ServiceRef service, Set<String> liveTaskArns) {
            purges.add(Set.copyOf(liveTaskArns));
            int before = tasks.size();
            tasks.keySet().removeIf(t -> owns(service, t) && !liveTaskArns.contains(t));
            return before - tasks.size();
        }
    }

    static class Decisions implements DecisionStateStore {
        final Map<ServiceRef, DecisionHistory> histories = new HashMap<>();
        final List<Decision> recorded = new ArrayList<>();

        @Override
        public synchronized DecisionHistory loadHistory(ServiceRef service) {
            return histories.getOrDefault(service, DecisionHistory.empty());
        }

        @Override
        public synchronized void record(ServiceRef service, Decision decision) {
            histories.put(service, decision.history());
            recorded.add(decision);
        }

        private final InMemoryDecisionStore peaks = new InMemoryDecisionStore();

        @Override
        public synchronized void recordPeak(ServiceRef service, java.time.Instant at, int sessions) {
            peaks.recordPeak(service, at, sessions);
        }

        @Override
        public synchronized List<dev.sessionscaler.core.policy.LearnedFloor.Peaks> peaks(ServiceRef service, List<Integer> slots) {
            return peaks.peaks(service, slots);
        }
    }

    /** Behaves like Step Functions: an execution name can be started once; it runs until a test ends it. */
    static final class StepFunctions implements WorkflowStarter {
        final Map<String, ScaleEvent> executions = new LinkedHashMap<>();
        final Map<String, ExecutionStatus> statuses = new HashMap<>();

        @Override
        public synchronized StartResult start(ScaleEvent event, String executionName) {
            if (executions.putIfAbsent(executionName, event) == null) {
                statuses.put(executionName, ExecutionStatus.RUNNING);
                return StartResult.STARTED;
            }
            return status(executionName).live() ? StartResult.ALREADY_RUNNING : StartResult.ALREADY_FINISHED;
        }

        @Override
        public synchronized ExecutionStatus status(String executionName) {
            return statuses.getOrDefault(executionName, ExecutionStatus.NOT_FOUND);
        }

        void finish(String executionName, ExecutionStatus status) {
            statuses.put(executionName, status);
        }
    }
}
