package dev.sessionscaler.core;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: a readable way to build fleets. Defaults describe a healthy, idle, known task. */
public final class Fleets {
    public static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    public static final String CLUSTER = "demo";
    public static final TargetGroupFacts ALB_3600 = new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 3600, false);

    private Fleets() {
    }

    public static String arn(String id) {
        return "arn:aws:ecs:us-east-1:123456789012:task/" + CLUSTER + "/" + id;
    }

    public static Task task(String id) {
        return new Task(id);
    }

    public static Fleet fleet(int desired) {
        return new Fleet(desired);
    }

    /** Mutable builder for one task. */
    public static final class Task {
        private final String id;
        private String az = "us-east-1a";
        private Instant startedAt = NOW.minusSeconds(7200);
        private TaskLifecycle lifecycle = TaskLifecycle.RUNNING;
        private boolean healthy = true;
        private boolean protectedTask;
        private boolean draining;
        private int sessions;
        private Instant heartbeat = NOW.minusSeconds(30);
        private long heartbeatTransitSeconds;
        private Double cpu;
        private Double memory;
        private Instant cordonedSince;
        private Instant cordonDeadline;

        private Task(String id) {
            this.id = id;
        }

        public Task az(String value) { az = value; return this; }
        public Task startedAt(Instant value) { startedAt = value; return this; }
        public Task startedMinutesAgo(long minutes) { startedAt = NOW.minusSeconds(minutes * 60); return this; }
        public Task lifecycle(TaskLifecycle value) { lifecycle = value; return this; }
        public Task unhealthy() { healthy = false; return this; }
        public Task protectedTask() { protectedTask = true; return this; }
        public Task draining() { draining = true; return this; }
        public Task sessions(int value) { sessions = value; return this; }
        public Task heartbeat(Instant value) { heartbeat = value; return this; }
        public Task heartbeatSecondsAgo(long seconds) { heartbeat = NOW.minusSeconds(seconds); return this; }
        /** The last heartbeat was stamped this long before it was received (built early, delivered late). */
        public Task heartbeatInTransitSeconds(long seconds) { heartbeatTransitSeconds = seconds; return this; }
        public Task cpu(double value) { cpu = value; return this; }
        public Task memory(double value) { memory = value; return this; }
        public Task cordoned(Instant since, Instant deadline) { cordonedSince = since; cordonDeadline = deadline; return this; }

        public TaskState build() {
            return new TaskState(arn(id), az, startedAt, lifecycle, healthy, protectedTask, draining, sessions,
                    heartbeat, heartbeat == null ? null : heartbeat.minusSeconds(heartbeatTransitSeconds), cpu, memory,
                    cordonedSince, cordonDeadline);
        }
    }

    /** Mutable builder for a fleet snapshot plus config, history and time: a whole decision input. */
    public static final class Fleet {
        private final int desired;
        private dev.sessionscaler.core.policy.LearnedFloor.Floor learnedFloor;
        private boolean deployment;
        private Double cpu = 30.0;
        private Double memory = 30.0;
        private final List<TaskState> tasks = new ArrayList<>();
        private DecisionHistory history = DecisionHistory.empty();
        private Instant now = NOW;
        private TargetGroupFacts loadBalancer;

        private Fleet(int desired) {
            this.desired = desired;
        }

        public Fleet deploymentInProgress() { deployment = true; return this; }
        public Fleet cpu(Double value) { cpu = value; return this; }
        public Fleet memory(Double value) { memory = value; return this; }
        public Fleet history(DecisionHistory value) { history = value; return this; }
        public Fleet now(Instant value) { now = value; return this; }
        public Fleet loadBalancer(TargetGroupFacts value) { loadBalancer = value; return this; }
        /** An ALB target group with the deregistration delay a cordon needs (3600 s). */
        public Fleet alb3600() { return loadBalancer(ALB_3600); }

        public Fleet with(Task... more) {
            for (Task t : more) {
                tasks.add(t.build());
            }
            return this;
        }

        /** Adds {@code count} plain tasks t0, t1, … each with {@code sessions} sessions, spread over two AZs. */
        public Fleet withTasks(int count, int sessions) {
            for (int i = 0; i < count; i++) {
                tasks.add(task("t" + tasks.size()).az(i % 2 == 0 ? "us-east-1a" : "us-east-1b")
                        .startedMinutesAgo(600 - tasks.size()).sessions(sessions).build());
            }
            return this;
        }

        public FleetSnapshot snapshot() {
            return new FleetSnapshot(new ServiceState(CLUSTER, "rdp", desired, deployment), cpu, memory, tasks);
        }

        public DecisionInput input(ScalerConfig config) {
            return new DecisionInput(config, now, snapshot(), history, loadBalancer, learnedFloor);
        }

        /** What the analyzer's learned floor would ask for ({@code predictiveFloor}). */
        public Fleet learnedFloor(int tasks) {
            learnedFloor = new dev.sessionscaler.core.policy.LearnedFloor.Floor(tasks, tasks * 9, "learned: a test's floor of " + tasks);
            return this;
        }
    }

    /** A config with every damping off, so tests see the raw rule they are about. */
    public static ScalerConfig.Builder undamped(int min, int max, int sessionsPerTask) {
        return ScalerConfig.builder(min, max, sessionsPerTask)
                .bufferIdleSlots(0)
                .scaleInStabilizationSeconds(0)
                .scaleOutCooldownSeconds(0)
                .maxScaleOutStep(max)
                .maxScaleInPerRun(Math.min(max, 100));
    }
}
