package dev.sessionscaler.sim.workflow;

import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.port.FleetReader;
import dev.sessionscaler.core.port.ServiceActuator;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.core.port.TargetRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * <b>Simulated</b> (no emulator exists): one ECS service, its target group and its tasks' session
 * reports, in virtual time. It models what matters to scaling: ECS stops unprotected tasks chosen by AZ
 * balance when the desired count drops (deregistering each from the target group first and stopping it
 * when the drain ends), starts replacements in the least-used zone when tasks are missing, a new task
 * runs after {@link Model#taskStartSeconds()} and receives sessions once its health checks pass.
 * <p>The load balancer: a deregistered target may still get new sessions for {@link Model#lagSeconds()}
 * (AWS propagates a deregistration to its load balancer nodes with a delay); it drains until it has no
 * sessions (ending early) or until the deregistration delay expires, when an ALB (or an NLB with connection
 * termination) cuts what is left and an NLB without termination leaves the connections open on a task that is
 * no longer a target. Registering a draining target again puts it back in service with its sessions (assumed:
 * not yet verified on AWS). A stop takes {@link #TASK_STOP_SECONDS}; tasks send a heartbeat every minute unless
 * they started without one. Sessions cut count as interrupted.
 */
public final class SimulatedService implements FleetReader, ServiceActuator, TargetRegistry, SessionStore {
    static final int TASK_STOP_SECONDS = 30;

    /**
     * How the simulated service behaves: start and health-check times, zones, the target group, and how long a
     * deregistered target may still receive new sessions.
     */
    public record Model(int taskStartSeconds, int healthCheckSeconds, List<String> availabilityZones,
                        TargetGroupFacts targetGroup, int lagSeconds) {
        public Model {
            availabilityZones = List.copyOf(availabilityZones);
        }

        /** An ALB with this delay that stops sending a deregistered target sessions at once. */
        public Model(int taskStartSeconds, int healthCheckSeconds, List<String> availabilityZones, int deregistrationDelaySeconds) {
            this(taskStartSeconds, healthCheckSeconds, availabilityZones,
                    new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, deregistrationDelaySeconds, false), 0);
        }

        public static Model forWorkflowRuns(TargetGroupFacts targetGroup, int lagSeconds) {
            return new Model(60, 0, List.of("us-east-1a", "us-east-1b"), targetGroup, lagSeconds);
        }
    }

    /** Told when sessions are cut: the task and the ids of its sessions that were cut. */
    @FunctionalInterface
    public interface CutListener {
        void cut(String taskArn, Set<String> sessionIds);
    }

    /** What a running task looks like to the load balancer and to CloudWatch. */
    public record TaskView(String taskArn, int sessions, boolean inService) {
    }

    static final class SimTask {
        final String arn;
        final String az;
        final String ip;
        Instant startedAt;
        TaskLifecycle lifecycle;
        boolean healthy = true;
        Instant protectedUntil;
        Instant healthyAt;
        boolean unstoppable;
        /** Started by a deployment: beyond the desired count (as maximumPercent allows), not ECS's to stop for it. */
        boolean deployment;
        final Set<String> sessions = new LinkedHashSet<>();
        /** Sessions whose START was lost: the session store learns of them from the first heartbeat that lists them. */
        final Set<String> unreported = new HashSet<>();
        Instant lastHeartbeat;
        Instant lastHeartbeatSentAt;
        /** How long a heartbeat takes from being built to being received (0: at once). */
        long heartbeatTransitSeconds;
        final boolean heartbeats;
        Instant changeAt;
        Instant silentUntil;
        boolean idleConnections;

        SimTask(String arn, String az, String ip, boolean heartbeats) {
            this.arn = arn;
            this.az = az;
            this.ip = ip;
            this.heartbeats = heartbeats;
        }
    }

    private enum Target { REGISTERED, DRAINING }

    private final ServiceRef ref;
    private final Model model;
    private final List<CutListener> cutListeners = new ArrayList<>();
    private int anonymousSessions;
    private int roundRobin;
    private final Map<String, SimTask> tasks = new LinkedHashMap<>();
    private final Map<String, Target> targets = new HashMap<>();
    private final Map<String, Instant> deregisteredAt = new HashMap<>();
    private final List<Consumer<String>> onDeregister = new ArrayList<>();
    private final List<String> stoppedByEcs = new ArrayList<>();
    private final Map<Instant, List<Runnable>> scheduled = new HashMap<>();
    private Instant now;
    private int desiredCount;
    private int sessionsInterrupted;
    private int started;
    private boolean refuseDesiredCount;
    private boolean azRebalancing;
    private boolean deploying;
    private long deregistrationCallSeconds;
    private boolean loseNextDeregistrationAnswer;
    private boolean failNextDeregistration;

    /** Seeds the service from a fleet snapshot (the {@code decide} input format), behind an ALB with this delay. */
    public SimulatedService(FleetSnapshot fleet, Instant now, int deregistrationDelaySeconds, int heartbeatStalenessSeconds) {
        this(fleet, now, Model.forWorkflowRuns(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB,
                deregistrationDelaySeconds, false), 0), heartbeatStalenessSeconds);
    }

    /** Seeds the service from a fleet snapshot (the {@code decide} input format); draining tasks have no target. */
    public SimulatedService(FleetSnapshot fleet, Instant now, Model model, int heartbeatStalenessSeconds) {
        this.ref = fleet.service().ref();
        this.model = model;
        this.now = now;
        this.desiredCount = fleet.service().desiredCount();
        this.deploying = fleet.service().deploymentInProgress();
        this.azRebalancing = fleet.service().azRebalancing();
        int i = 0;
        for (TaskState t : fleet.tasks()) {
            boolean fresh = t.lastHeartbeat() != null && !t.lastHeartbeat().isBefore(now.minusSeconds(heartbeatStalenessSeconds));
            SimTask task = new SimTask(t.taskArn(), t.availabilityZone(), "10.0." + (i / 200) + "." + (10 + i % 200), fresh);
            task.startedAt = t.startedAt();
            task.lifecycle = t.lifecycle();
            task.healthy = t.healthy();
            task.protectedUntil = t.scaleInProtected() ? now.plusSeconds(86_400) : null;
            for (int s = 0; s < t.activeSessions(); s++) {
                task.sessions.add(nextAnonymousSession());
            }
            task.lastHeartbeat = t.lastHeartbeat();
            task.lastHeartbeatSentAt = t.lastHeartbeatSentAt();
            tasks.put(task.arn, task);
            if (task.lifecycle == TaskLifecycle.RUNNING && task.healthy && !t.draining()) {
                targets.put(task.ip, Target.REGISTERED);
            }
            i++;
        }
    }

    /** An empty service that starts {@code initialTasks} tasks, running and healthy at {@code now}. */
    public SimulatedService(ServiceRef ref, Model model, int initialTasks, Instant now) {
        this.ref = ref;
        this.model = model;
        this.now = now;
        this.desiredCount = initialTasks;
        reconcile();
        for (SimTask task : tasks.values()) {
            task.changeAt = now;
        }
        reconcile();
        tasks.values().forEach(task -> task.healthyAt = now);  // already in service when the scenario begins
    }

    public Instant now() {
        return now;
    }

    /** A clock that reads the simulation's time. */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    /** Runs {@code action} with the task ARN each time a target is deregistered (fault injection). */
    public void onDeregister(Consumer<String> action) {
        onDeregister.add(action);
    }

    /** Runs {@code action} when the simulation reaches {@code seconds} from now. */
    public void after(long seconds, Runnable action) {
        scheduled.computeIfAbsent(now.plusSeconds(seconds), t -> new ArrayList<>()).add(action);
    }

    public void addSession(String taskArn) {
        tasks.get(taskArn).sessions.add(nextAnonymousSession());
    }

    /** A session with this id begins on the task (a test reported it); false if the task is not running. */
    public boolean addSession(String taskArn, String sessionId) {
        SimTask task = tasks.get(taskArn);
        return task != null && task.lifecycle == TaskLifecycle.RUNNING && task.sessions.add(sessionId);
    }

    /** A session whose START event is lost: the session store sees it only once a heartbeat built after it lists it. */
    public void addUnreportedSession(String taskArn) {
        String id = nextAnonymousSession();
        tasks.get(taskArn).sessions.add(id);
        tasks.get(taskArn).unreported.add(id);
    }

    /** The task's heartbeats from now on reach the session store {@code seconds} after they are built (a slow send). */
    public void delayHeartbeats(String taskArn, long seconds) {
        tasks.get(taskArn).heartbeatTransitSeconds = seconds;
    }

    private String nextAnonymousSession() {
        return "anonymous-" + (++anonymousSessions);
    }

    /** Runs {@code listener} whenever sessions are cut (a drain expiring with sessions left, a task stopping). */
    public void onSessionsCut(CutListener listener) {
        cutListeners.add(listener);
    }

    /**
     * The load balancer places a new session: round robin over healthy registered targets, and targets deregistered
     * less than the lag ago, that have a free slot (a full task refuses it, as the application would). Returns the
     * task, or null if none can take it.
     */
    public String routeSession(String sessionId, int sessionsPerTask) {
        List<SimTask> candidates = tasks.values().stream()
                .filter(t -> (inService(t) || stillRoutedDuringLag(t)) && t.sessions.size() < sessionsPerTask).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        SimTask chosen = candidates.get(Math.floorMod(roundRobin++, candidates.size()));
        chosen.sessions.add(sessionId);
        return chosen.arn;
    }

    /** The session ended by itself; false if it was no longer there (it was cut). */
    public boolean endSession(String taskArn, String sessionId) {
        SimTask task = tasks.get(taskArn);
        if (task != null) {
            task.unreported.remove(sessionId);
        }
        return task != null && task.sessions.remove(sessionId);
    }

    /** Running tasks (those CloudWatch sees) with their sessions and whether the load balancer sends them any. */
    public List<TaskView> runningTasks() {
        List<TaskView> views = new ArrayList<>();
        for (SimTask t : tasks.values()) {
            if (t.lifecycle == TaskLifecycle.RUNNING || t.lifecycle == TaskLifecycle.STOPPING && t.changeAt == null) {
                views.add(new TaskView(t.arn, t.sessions.size(), inService(t)));
            }
        }
        return views;
    }

    /** Tasks that exist (are billed): starting, running or stopping. */
    public int billedTasks() {
        return (int) tasks.values().stream().filter(t -> t.lifecycle != TaskLifecycle.STOPPED).count();
    }

    /** The sessions each running task holds now: what its next heartbeat reports. */
    /** The sessions on a task now (none if it is unknown). */
    public Set<String> sessionsOf(String taskArn) {
        SimTask task = tasks.get(taskArn);
        return task == null ? Set.of() : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(task.sessions));
    }

    public Map<String, Set<String>> sessionsByRunningTask() {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        tasks.values().stream().filter(t -> t.lifecycle == TaskLifecycle.RUNNING)
                .forEach(t -> result.put(t.arn, java.util.Collections.unmodifiableSet(new LinkedHashSet<>(t.sessions))));
        return result;
    }

    private boolean stillRoutedDuringLag(SimTask t) {
        return t.lifecycle != TaskLifecycle.STOPPED && targets.get(t.ip) == Target.DRAINING
                && now.isBefore(deregisteredAt.get(t.ip).plusSeconds(model.lagSeconds()));
    }

    /** Running tasks that are not being stopped and that the load balancer no longer sends sessions to: cordoned or draining. */
    public int outOfServiceTasks() {
        return (int) tasks.values().stream()
                .filter(t -> t.lifecycle == TaskLifecycle.RUNNING && targets.get(t.ip) != Target.REGISTERED).count();
    }

    private boolean inService(SimTask t) {
        return t.lifecycle == TaskLifecycle.RUNNING && targets.get(t.ip) == Target.REGISTERED
                && (t.healthyAt == null || !now.isBefore(t.healthyAt));
    }

    /** The task keeps idle connections (no sessions) open, so its drain lasts the whole delay. */
    public void holdIdleConnections(String taskArn) {
        tasks.get(taskArn).idleConnections = true;
    }

    /** Every DeregisterTargets call from now on takes {@code seconds} to return (throttling and retries in the SDK). */
    public void slowDeregistration(long seconds) {
        deregistrationCallSeconds = seconds;
    }

    /** The next DeregisterTargets call fails and is not applied. */
    public void failNextDeregistration() {
        failNextDeregistration = true;
    }

    /** The next DeregisterTargets call is applied, but its caller gets a timeout instead of the answer. */
    public void loseNextDeregistrationAnswer() {
        loseNextDeregistrationAnswer = true;
    }

    /** The task sends no heartbeat for {@code seconds}. */
    public void silence(String taskArn, long seconds) {
        tasks.get(taskArn).silentUntil = now.plusSeconds(seconds);
    }

    /** The task stops by itself (a crash): its sessions are cut, ECS starts a replacement. */
    public void crash(String taskArn) {
        SimTask task = tasks.get(taskArn);
        stop(task);
    }

    public int desiredCount() {
        return desiredCount;
    }

    public int sessionsInterrupted() {
        return sessionsInterrupted;
    }

    public List<String> stoppedByEcs() {
        return List.copyOf(stoppedByEcs);
    }

    public boolean isRegistered(String taskArn) {
        return targets.get(tasks.get(taskArn).ip) == Target.REGISTERED;
    }

    /** Tasks not being stopped. */
    public int liveTasks() {
        return (int) tasks.values().stream().filter(t -> !t.lifecycle.isLeaving()).count();
    }

    /** Running tasks the load balancer sends sessions to. */
    public int inServiceTasks() {
        return (int) tasks.values().stream().filter(this::inService).count();
    }

    public boolean isLive(String taskArn) {
        SimTask task = tasks.get(taskArn);
        return task != null && !task.lifecycle.isLeaving();
    }

    /** Moves time forward second by second. */
    public void advance(long seconds) {
        for (long s = 0; s < seconds; s++) {
            now = now.plusSeconds(1);
            List<Runnable> due = scheduled.remove(now);
            if (due != null) {
                due.forEach(Runnable::run);
            }
            drainTargets();
            reconcile();
            heartbeat();
        }
    }

    private void drainTargets() {
        for (SimTask task : tasks.values()) {
            if (targets.get(task.ip) != Target.DRAINING) {
                continue;
            }
            Instant since = deregisteredAt.get(task.ip);
            boolean delayOver = !now.isBefore(since.plusSeconds(model.targetGroup().deregistrationDelaySeconds()));
            boolean inLag = now.isBefore(since.plusSeconds(model.lagSeconds()));
            if (task.lifecycle == TaskLifecycle.STOPPED
                    || (task.sessions.isEmpty() && !inLag && (!task.idleConnections || delayOver))) {
                targets.remove(task.ip);  // the drain ends early once no connection is left (and none can come)
            } else if (delayOver) {
                if (model.targetGroup().closesConnectionsAtDelay()) {
                    cut(task);  // the load balancer closes what is left
                }
                targets.remove(task.ip);  // an NLB without termination leaves the connections open
            }
        }
    }

    /** ECS's service scheduler: too many tasks, stop unprotected ones by AZ balance; too few, start some. */
    private void reconcile() {
        for (SimTask task : tasks.values()) {
            if (task.lifecycle == TaskLifecycle.STOPPING && task.changeAt == null && !targets.containsKey(task.ip)) {
                task.changeAt = now.plusSeconds(TASK_STOP_SECONDS);  // drained: now ECS stops the container
            }
            if (task.changeAt != null && !now.isBefore(task.changeAt)) {
                task.changeAt = null;
                if (task.lifecycle == TaskLifecycle.STOPPING) {
                    stop(task);
                } else if (task.lifecycle == TaskLifecycle.PENDING) {
                    task.lifecycle = TaskLifecycle.RUNNING;
                    task.startedAt = now;
                    task.healthyAt = now.plusSeconds(model.healthCheckSeconds());
                    targets.put(task.ip, Target.REGISTERED);
                }
            }
        }
        List<SimTask> live = tasks.values().stream().filter(t -> !t.lifecycle.isLeaving() && !t.deployment).toList();
        int excess = live.size() - desiredCount;
        while (excess > 0) {
            SimTask victim = ecsVictim(live);
            if (victim == null) {
                break;  // every remaining task is protected: ECS waits
            }
            victim.lifecycle = TaskLifecycle.STOPPING;
            victim.changeAt = null;  // stopped once its target has drained (at once if it has none)
            if (targets.get(victim.ip) == Target.REGISTERED) {
                targets.put(victim.ip, Target.DRAINING);
                deregisteredAt.put(victim.ip, now);
            }
            stoppedByEcs.add(victim.arn);
            live = live.stream().filter(t -> t != victim).toList();
            excess--;
        }
        for (int missing = desiredCount - live.size(); missing > 0; missing--) {
            startTask(live);
            live = tasks.values().stream().filter(t -> !t.lifecycle.isLeaving() && !t.deployment).toList();
        }
    }

    private SimTask startTask(List<SimTask> live) {
        started++;
        String arn = "arn:aws:ecs:us-east-1:123456789012:task/" + ref.cluster() + "/sim" + started;
        SimTask task = new SimTask(arn, leastUsedZone(live), "10.1." + (started / 250) + "." + (started % 250), true);
        task.lifecycle = TaskLifecycle.PENDING;
        task.changeAt = now.plusSeconds(model.taskStartSeconds());
        tasks.put(arn, task);
        return task;
    }

    /** Whether ECS reports a deployment in progress. */
    public boolean fleetDeploying() {
        return deploying;
    }

    /**
     * A deployment begins (someone deploys a new task definition): ECS starts {@code newTasks} beside the running ones, as
     * maximumPercent allows, and reports the deployment in progress. Only the start of a deployment is modelled.
     */
    public void startDeployment(int newTasks) {
        deploying = true;
        for (int i = 0; i < newTasks; i++) {
            startTask(tasks.values().stream().filter(t -> !t.lifecycle.isLeaving()).toList()).deployment = true;
        }
    }

    /** ECS's default spread placement: the zone with the fewest of the service's tasks, first listed on a tie. */
    private String leastUsedZone(List<SimTask> live) {
        Map<String, Long> perZone = new HashMap<>();
        live.forEach(t -> perZone.merge(t.az, 1L, Long::sum));
        return model.availabilityZones().stream().min(Comparator.comparingLong(z -> perZone.getOrDefault(z, 0L)))
                .orElseThrow();
    }

    private SimTask ecsVictim(List<SimTask> live) {
        Map<String, Long> perZone = new HashMap<>();
        live.forEach(t -> perZone.merge(t.az, 1L, Long::sum));
        return live.stream()
                .filter(t -> !t.unstoppable && (t.protectedUntil == null || !now.isBefore(t.protectedUntil)))
                .max(Comparator.<SimTask>comparingLong(t -> perZone.get(t.az))
                        .thenComparing(t -> t.startedAt == null ? Instant.MAX : t.startedAt, Comparator.reverseOrder())
                        .thenComparing(t -> t.arn, Comparator.reverseOrder()))
                .orElse(null);
    }

    private void stop(SimTask task) {
        cut(task);
        task.lifecycle = TaskLifecycle.STOPPED;
        targets.remove(task.ip);
    }

    private void cut(SimTask task) {
        if (task.sessions.isEmpty()) {
            return;
        }
        Set<String> cut = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(task.sessions));
        sessionsInterrupted += cut.size();
        task.sessions.clear();
        task.unreported.clear();
        cutListeners.forEach(l -> l.cut(task.arn, cut));
    }

    private void heartbeat() {
        if (now.getEpochSecond() % 60 != 0) {
            return;
        }
        for (SimTask task : tasks.values()) {
            boolean silent = task.silentUntil != null && now.isBefore(task.silentUntil);
            if (task.heartbeats && !silent && task.lifecycle == TaskLifecycle.RUNNING) {
                Instant built = now;
                Set<String> listed = Set.copyOf(task.sessions);
                if (task.heartbeatTransitSeconds == 0) {
                    received(task, built, listed);
                } else {
                    after(task.heartbeatTransitSeconds, () -> received(task, built, listed));
                }
            }
        }
    }

    /** A heartbeat built at {@code built} listing {@code listed} reaches the session store now. */
    private void received(SimTask task, Instant built, Set<String> listed) {
        if (task.lastHeartbeatSentAt == null || built.isAfter(task.lastHeartbeatSentAt)) {
            task.lastHeartbeat = now;
            task.lastHeartbeatSentAt = built;
        }
        task.unreported.removeIf(listed::contains);
    }

    // ---- ECS (FleetReader, ServiceActuator): what ListTasks with desiredStatus RUNNING and DescribeTasks return

    @Override
    public ServiceFleet read(ServiceRef service) {
        List<EcsTask> live = new ArrayList<>();
        for (SimTask t : tasks.values()) {
            if (!t.lifecycle.isLeaving()) {
                boolean healthy = t.healthy && (t.healthyAt == null || !now.isBefore(t.healthyAt));
                live.add(new EcsTask(t.arn, t.az, t.startedAt, t.lifecycle, healthy, false, t.ip));
            }
        }
        return new ServiceFleet(new ServiceState(ref.cluster(), ref.service(), desiredCount, deploying, azRebalancing), live);
    }

    @Override
    public Map<String, Instant> protection(ServiceRef service, Collection<String> taskArns) {
        Map<String, Instant> result = new HashMap<>();
        for (String arn : taskArns) {
            SimTask t = tasks.get(arn);
            if (t != null && t.protectedUntil != null && now.isBefore(t.protectedUntil)) {
                result.put(arn, t.protectedUntil);
            }
        }
        return result;
    }

    /** The service rebalances availability zones (ECS's availabilityZoneRebalancing). */
    public void rebalanceZones(boolean on) {
        azRebalancing = on;
    }

    /** The application protects the task itself, for {@code minutes} (each call resets the expiry, as ECS does). */
    public void appProtect(String taskArn, int minutes) {
        tasks.get(taskArn).protectedUntil = now.plusSeconds(minutes * 60L);
    }

    /**
     * Every running task protects itself while it holds a session and releases protection once idle, as AWS's task
     * protection sample does: protection for {@code minutes}, renewed when less than {@code renewBelowMinutes} is left.
     */
    public void protectBusyTasks(int minutes, int renewBelowMinutes) {
        for (SimTask task : tasks.values()) {
            if (task.lifecycle != TaskLifecycle.RUNNING) {
                continue;
            }
            if (task.sessions.isEmpty()) {
                task.protectedUntil = null;
            } else if (task.protectedUntil == null || task.protectedUntil.isBefore(now.plusSeconds(renewBelowMinutes * 60L))) {
                task.protectedUntil = now.plusSeconds(minutes * 60L);
            }
        }
    }

    /** The task is not in the target group (registered elsewhere, or on another port than the configuration says). */
    public void removeTarget(String taskArn) {
        targets.remove(tasks.get(taskArn).ip);
    }

    /** Someone registers the task's target again (by hand, or another controller). */
    public void registerTarget(String taskArn) {
        targets.put(tasks.get(taskArn).ip, Target.REGISTERED);
    }

    /** ECS never picks this task when it lowers the count (it is stuck, or protected in a way the scaler cannot see). */
    public void neverStop(String taskArn) {
        tasks.get(taskArn).unstoppable = true;
    }

    @Override
    public void setDesiredCount(ServiceRef service, int count) {
        if (refuseDesiredCount) {
            throw new IllegalStateException("UpdateService refused (injected)");
        }
        desiredCount = count;
    }

    /** From now on UpdateService fails: a persistent error the workflow must recover from. */
    public void refuseDesiredCountChanges() {
        refuseDesiredCount = true;
    }

    /** Tasks that have scale-in protection on now. */
    public Set<String> protectedTasks() {
        return protection(ref, tasks.keySet()).keySet();
    }

    @Override
    public Map<String, Instant> protect(ServiceRef service, List<String> taskArns, int minutes) {
        checkBatch(taskArns);
        Map<String, Instant> given = new HashMap<>();
        for (String arn : taskArns) {
            SimTask task = tasks.get(arn);
            if (task != null && !task.lifecycle.isLeaving()) {
                task.protectedUntil = now.plusSeconds(minutes * 60L);
                given.put(arn, task.protectedUntil);
            }
        }
        return given;
    }

    @Override
    public void unprotect(ServiceRef service, List<String> taskArns) {
        checkBatch(taskArns);
        taskArns.forEach(arn -> {
            if (tasks.containsKey(arn)) {
                tasks.get(arn).protectedUntil = null;
            }
        });
    }

    private static void checkBatch(List<String> taskArns) {
        if (taskArns.size() > 10) {
            throw new IllegalArgumentException("UpdateTaskProtection takes at most 10 tasks, got " + taskArns.size());
        }
    }

    // ---- ALB target group (TargetRegistry)

    @Override
    public void deregister(String targetGroupArn, String ip, int port) {
        if (failNextDeregistration) {
            failNextDeregistration = false;
            throw new dev.sessionscaler.steps.TransientAwsException("ThrottlingException: not applied (injected)", null);
        }
        advance(deregistrationCallSeconds);  // the call takes this long; the load balancer applies it as it returns
        if (targets.get(ip) == Target.REGISTERED) {
            targets.put(ip, Target.DRAINING);
            deregisteredAt.put(ip, now);
            tasks.values().stream().filter(t -> t.ip.equals(ip)).findFirst()
                    .ifPresent(t -> onDeregister.forEach(action -> action.accept(t.arn)));
        }
        if (loseNextDeregistrationAnswer) {
            loseNextDeregistrationAnswer = false;
            throw new dev.sessionscaler.steps.TransientAwsException("RequestTimeout: applied, but the answer was lost (injected)", null);
        }
    }

    @Override
    public void register(String targetGroupArn, String ip, int port) {
        targets.put(ip, Target.REGISTERED);
    }

    @Override
    public DrainCheck.TargetState state(String targetGroupArn, String ip, int port) {
        Target target = targets.get(ip);
        return target == null ? DrainCheck.TargetState.NOT_REGISTERED
                : target == Target.DRAINING ? DrainCheck.TargetState.DRAINING : DrainCheck.TargetState.REGISTERED;
    }

    @Override
    public TargetGroupFacts facts(String targetGroupArn) {
        return model.targetGroup();
    }

    // ---- the session store, as the tasks' reports would fill it

    @Override
    public Map<String, TaskSessions> taskSessions(ServiceRef service) {
        Map<String, TaskSessions> result = new LinkedHashMap<>();
        for (SimTask t : tasks.values()) {
            if (!t.lifecycle.isLeaving()) {
                result.put(t.arn, new TaskSessions(t.arn, t.sessions.size() - t.unreported.size(), t.lastHeartbeat,
                        t.lastHeartbeatSentAt));
            }
        }
        return result;
    }

    @Override
    public int purgeTasksNotIn(ServiceRef service, Set<String> liveTaskArns) {
        return 0;
    }
}
