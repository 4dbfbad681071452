package dev.sessionscaler.sim.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.analyzer.Analyzer;
import dev.sessionscaler.analyzer.CloudWatchMetricsReader;
import dev.sessionscaler.analyzer.DynamoDbDecisionStore;
import dev.sessionscaler.analyzer.DynamoDbLease;
import dev.sessionscaler.analyzer.DynamoDbScaleLedger;
import dev.sessionscaler.analyzer.EmfMetrics;
import dev.sessionscaler.analyzer.InMemoryDecisionStore;
import dev.sessionscaler.analyzer.InMemoryLease;
import dev.sessionscaler.analyzer.InMemoryScaleLedger;
import dev.sessionscaler.analyzer.StateTableLayout;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.core.drain.WorkflowTiming;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.port.WorkflowStarter;
import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import dev.sessionscaler.ingest.IngestBatch;
import dev.sessionscaler.ingest.SenderBinding;
import dev.sessionscaler.ingest.SessionEventParser;
import dev.sessionscaler.ingest.SessionIngestHandler;
import dev.sessionscaler.ingest.SessionTableLayout;
import dev.sessionscaler.core.port.DecisionStateStore;
import dev.sessionscaler.core.port.Lease;
import dev.sessionscaler.core.port.MetricsReader;
import dev.sessionscaler.core.port.ScaleLedgerStore;
import dev.sessionscaler.core.port.SessionRecorder;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.ingest.InMemorySessionStore;
import dev.sessionscaler.sim.aws.DirectDelivery;
import dev.sessionscaler.sim.aws.EmbeddedDynamoDb;
import dev.sessionscaler.sim.aws.EmbeddedSqs;
import dev.sessionscaler.sim.aws.SqsEventSourceMapping;
import dev.sessionscaler.sim.workflow.LocalWorkflowRun;
import dev.sessionscaler.sim.workflow.WorkflowBridge;
import dev.sessionscaler.steps.ScaleSteps;
import dev.sessionscaler.steps.StepHandlers;
import dev.sessionscaler.steps.PermissionEnforcer;
import dev.sessionscaler.steps.StepsService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Session Scaler itself, with its real parts: tasks report session starts, ends and a heartbeat a minute as
 * JSON messages on an ElasticMQ queue; the real ingest handler records them in DynamoDB Local; the real
 * {@link Analyzer} runs on each minute with the real DynamoDB session store, decision store and lease; and the
 * real scale workflow runs on aws-local-stepfunctions with the real step handlers. Only ECS, the load balancer
 * and CloudWatch are simulated. Queued events are delivered every {@link #INGEST_EVERY_SECONDS} seconds (just
 * after the heartbeats and just before the analyzer), which stands in for the SQS event source mapping's polling:
 * the deployed mapping batches for at most 1 s, so the store is fresher in AWS than here. Each ElasticMQ call
 * costs milliseconds, so delivering every second would make a day's run several times slower. At
 * {@link Fidelity#FAST} the same handlers run with the events handed straight to the ingest handler and the stores'
 * in-memory twins instead of ElasticMQ and DynamoDB Local.
 */
public final class SessionAwareRun implements SimulationPolicy {
    public static final String NAME = "session-aware";
    static final int INGEST_EVERY_SECONDS = 30;
    static final int HEARTBEAT_OFFSET_SECONDS = 30;
    /** The stack's alarms for a one-service deployment (cdk-app's Observability): four for the deployment, one per service. */
    static final int STACK_ALARMS = 5;
    private static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/sim/0123456789abcdef";

    private final WorkflowBridge bridge;
    private final Fidelity fidelity;
    private EmbeddedDynamoDb dynamo;
    private EmbeddedSqs sqs;
    private DirectDelivery direct;
    private final List<String> outbox = new ArrayList<>();
    private final List<String> decisions = new ArrayList<>();
    private EmbeddedSqs.QueuePair queue;
    private SqsEventSourceMapping mapping;
    private Analyzer analyzer;
    private Map<String, Function<JsonNode, JsonNode>> steps;
    private JsonNode definition;
    private ScenarioWorld world;
    private boolean executing;
    private Runnable queuedExecution;
    private final Map<String, WorkflowStarter.ExecutionStatus> statuses = new HashMap<>();
    private long sessionEvents;
    private long ingestInvocations;
    private long analyzerRuns;
    private long stepInvocations;
    private long stateTransitions;
    private long executions;
    private long cordons;
    private long readmissions;
    /** Per task, the sessions started since its last heartbeat: what its aggregate names (DynamoDbUnits). */
    private final Map<String, Set<String>> startedSinceHeartbeat = new HashMap<>();
    private long metricsRequested;
    private final CustomMetricHours metricHours = new CustomMetricHours();
    private double writeUnits;
    private double readUnits;

    public SessionAwareRun(WorkflowBridge bridge) {
        this(bridge, Fidelity.FULL);
    }

    public SessionAwareRun(WorkflowBridge bridge, Fidelity fidelity) {
        this.bridge = bridge;
        this.fidelity = fidelity;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void attach(ScenarioWorld world) {
        this.world = world;
        var clock = world.service().clock();
        var ref = ScenarioWorld.SERVICE;
        var config = world.scenario().scaler();
        int delay = world.scenario().service().deregistrationDelaySeconds();
        Stores stores = fidelity == Fidelity.FULL ? dynamoDbStores(clock) : inMemoryStores();
        SessionStore sessions = stores.sessions();
        Lease lease = stores.lease();
        ScaleLedgerStore ledger = stores.ledger();
        Duration leaseDuration = Duration.ofSeconds(WorkflowTiming.defaultLeaseSeconds(delay));
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        var log = new StructuredLog(discard, clock);

        var handler = new SessionIngestHandler(new IngestBatch(new SessionEventParser(EventLimits.DEFAULTS, Set.of(), clock),
                stores.recorder(), log, SenderBinding.OFF));
        if (fidelity == Fidelity.FULL) {
            sqs = new EmbeddedSqs();
            queue = sqs.createQueueWithDeadLetterQueue("session-events", 3);
            mapping = new SqsEventSourceMapping(sqs.client(), queue, handler, 10, clock);
        } else {
            direct = new DirectDelivery(handler, 10, clock);
        }

        MetricsReader cloudWatch = (service, tasks, now) -> {
            metricsRequested += CloudWatchMetricsReader.METRICS_PER_READ;
            return world.cloudWatch().read(service, tasks, now);
        };
        var ports = new Analyzer.Ports(world.service(), cloudWatch, sessions,
                stores.decisions(), lease, new LocalStepFunctions(), ledger,
                world.service());
        analyzer = new Analyzer(List.of(new ManagedService(ref, config, TARGET_GROUP, 8443, delay)), ports, leaseDuration, clock, log,
                new EmfMetrics(metricHours.stream()));
        var permissions = new PermissionEnforcer();  // each step may call only what its function is granted in AWS
        var scaleSteps = new ScaleSteps(Map.of(ref, new StepsService(ref, config, TARGET_GROUP, 8443)), permissions.guard(
                new ScaleSteps.Ports(world.service(), sessions, world.service(), world.service(), lease, ledger)), leaseDuration, 2, clock);
        steps = permissions.around(StepHandlers.byState(scaleSteps));
        definition = LocalWorkflowRun.definition();
    }

    /** Where the session-aware policy keeps its state: the same objects serve the analyzer, the steps and ingest. */
    private record Stores(SessionStore sessions, SessionRecorder recorder, Lease lease, ScaleLedgerStore ledger,
                          DecisionStateStore decisions) {
    }

    private Stores dynamoDbStores(java.time.Clock clock) {
        dynamo = new EmbeddedDynamoDb();
        SessionTableLayout.createLocalTable(dynamo.client(), "sessions");
        StateTableLayout.createLocalTable(dynamo.client(), "state");
        var store = new DynamoDbSessionStore(dynamo.client(), "sessions", clock, EventLimits.DEFAULTS, Backoff.standard());
        return new Stores(store, store, new DynamoDbLease(dynamo.client(), "state"), new DynamoDbScaleLedger(dynamo.client(), "state"),
                new DynamoDbDecisionStore(dynamo.client(), "state", Duration.ofDays(30)));
    }

    /** Fast fidelity: each store's in-memory twin, held to the same rules by the stores' tests. */
    private static Stores inMemoryStores() {
        var store = new InMemorySessionStore();
        return new Stores(store, store, new InMemoryLease(), new InMemoryScaleLedger(), new InMemoryDecisionStore());
    }

    @Override
    public void sessionStarted(String taskArn, String sessionId, Instant at) {
        Set<String> recent = startedSinceHeartbeat.computeIfAbsent(taskArn, t -> new java.util.HashSet<>());
        recent.add(sessionId);
        count(DynamoDbUnits.sessionChange(recent));
        outbox.add(event("SESSION_STARTED", taskArn, at).put("sessionId", sessionId).toString());
    }

    @Override
    public void sessionEnded(String taskArn, String sessionId, Instant at) {
        Set<String> recent = startedSinceHeartbeat.computeIfAbsent(taskArn, t -> new java.util.HashSet<>());
        recent.remove(sessionId);
        count(DynamoDbUnits.sessionChange(recent));
        outbox.add(event("SESSION_ENDED", taskArn, at).put("sessionId", sessionId).toString());
    }

    @Override
    public void afterSecond(int second) {
        if (second % 60 == HEARTBEAT_OFFSET_SECONDS) {
            world.service().sessionsByRunningTask().forEach((task, ids) -> {
                ObjectNode heartbeat = event("TASK_HEARTBEAT", task, world.now());
                ArrayNode active = heartbeat.putArray("activeSessionIds");
                ids.forEach(active::add);
                if (world.scenario().service().tasksReportUsage()) {
                    // what the task sees at its heartbeat (a real reporter would average over its minute)
                    heartbeat.put("cpuPercent", world.cloudWatch().taskCpuPercent(ids.size()));
                    heartbeat.put("memoryPercent", world.cloudWatch().taskMemoryPercent(ids.size()));
                }
                outbox.add(heartbeat.toString());
                count(DynamoDbUnits.heartbeat());
                startedSinceHeartbeat.remove(task);
            });
        }
        if (second % INGEST_EVERY_SECONDS == 0) {
            deliverEvents();
        }
        if (second % 60 == 0 && second <= world.scenario().durationMinutes() * 60) {
            analyzerRuns++;
            countAnalyzerRun();
            for (Analyzer.Outcome outcome : analyzer.run(world.now())) {
                logDecision(second, outcome);
                if (outcome.status() == Analyzer.Status.FAILED) {
                    throw new IllegalStateException("the analyzer failed at second " + second + ": " + outcome.error());
                }
            }
            runQueuedExecution();
        }
    }

    /** What {@code decisions-session-aware.jsonl} holds: the analyzer's outcome each minute, as its log would show it. */
    private void logDecision(int second, Analyzer.Outcome outcome) {
        var d = outcome.decision();
        ObjectNode line = Json.MAPPER.createObjectNode().put("minute", second / 60).put("at", world.now().toString())
                .put("status", outcome.status().name()).put("action", d.action().name()).put("desiredCount", d.desiredCount())
                .put("reason", d.reason().name()).put("message", d.message());
        putIfAny(line, "victims", d.victims());
        putIfAny(line, "cordon", d.cordon());
        putIfAny(line, "readmit", d.readmit());
        putIfAny(line, "retire", d.retire());
        decisions.add(line.toString());
    }

    private static void putIfAny(ObjectNode line, String field, List<String> tasks) {
        if (!tasks.isEmpty()) {
            tasks.forEach(line.putArray(field)::add);
        }
    }

    @Override
    public List<String> decisions() {
        return decisions;
    }

    private ObjectNode event(String type, String taskArn, Instant at) {
        return Json.MAPPER.createObjectNode().put("type", type).put("cluster", ScenarioWorld.SERVICE.cluster())
                .put("service", ScenarioWorld.SERVICE.service()).put("taskArn", taskArn).put("timestamp", at.toString());
    }

    private void deliverEvents() {
        if (outbox.isEmpty()) {
            return;
        }
        if (direct != null) {
            sessionEvents += outbox.size();
            ingestInvocations += direct.deliver(outbox);
            outbox.clear();
            return;
        }
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < outbox.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(outbox.get(i)).build());
        }
        List<BatchResultErrorEntry> refused = sqs.sendAll(queue.url(), entries, ok -> { });
        if (!refused.isEmpty()) {
            throw new IllegalStateException(refused.size() + " simulated session events were refused by the queue: "
                    + refused.get(0).message());
        }
        sessionEvents += outbox.size();
        outbox.clear();
        ingestInvocations += mapping.drain(n -> { }).invocations();
    }

    /**
     * Step Functions as the analyzer sees it. {@code StartExecution} returns at once in AWS: the execution is queued
     * and runs as soon as the analyzer has returned, in the same virtual second. The bridge runs one execution at a
     * time while the world moves on; the lease keeps a second one from being started meanwhile.
     */
    private final class LocalStepFunctions implements WorkflowStarter {
        @Override
        public StartResult start(ScaleEvent event, String executionName) {
            if (statuses.containsKey(executionName)) {
                return statuses.get(executionName).live() ? StartResult.ALREADY_RUNNING : StartResult.ALREADY_FINISHED;
            }
            if (executing || queuedExecution != null) {
                throw new IllegalStateException("an execution is already running; the lease should have prevented " + executionName);
            }
            JsonNode input = Json.MAPPER.valueToTree(event.payload());
            statuses.put(executionName, ExecutionStatus.RUNNING);
            queuedExecution = () -> {
                WorkflowBridge.Execution execution = bridge.run(executionName, definition, input, (state, in) -> {
                    stepInvocations++;
                    count(STEP_UNITS);
                    return LocalWorkflowRun.invoke(steps, state, in);
                }, world::advance);
                stateTransitions += execution.stateTransitions();
                cordons += execution.output() == null ? 0 : execution.output().at("/outcome/cordonedTasks").size();
                readmissions += execution.output() == null ? 0 : execution.output().at("/outcome/readmittedTasks").size();
                statuses.put(executionName, ExecutionStatus.valueOf(execution.status()));
            };
            executions++;
            return StartResult.STARTED;
        }

        @Override
        public ExecutionStatus status(String executionName) {
            return statuses.getOrDefault(executionName, ExecutionStatus.NOT_FOUND);
        }
    }

    private void runQueuedExecution() {
        Runnable execution = queuedExecution;
        if (execution == null) {
            return;
        }
        queuedExecution = null;
        executing = true;
        try {
            execution.run();
        } finally {
            executing = false;
        }
    }

    /** A workflow step's state-table calls: the lease renewed and a ledger record or two (small items). */
    private static final DynamoDbUnits.Units STEP_UNITS = new DynamoDbUnits.Units(2, 1);
    /** An analyzer run besides its session query: history read and written, an audit record (~2 KB), lease and ledger read. */
    private static final DynamoDbUnits.Units ANALYZER_STATE_UNITS = new DynamoDbUnits.Units(4, 1.5);

    private void count(DynamoDbUnits.Units units) {
        writeUnits += units.write();
        readUnits += units.read();
    }

    /** The analyzer reads every running task's aggregate each minute: its cost grows with the tasks, not their sessions. */
    private void countAnalyzerRun() {
        int bytes = world.service().sessionsByRunningTask().keySet().stream()
                .mapToInt(task -> DynamoDbUnits.aggregateBytes(startedSinceHeartbeat.getOrDefault(task, Set.of()))).sum();
        count(ANALYZER_STATE_UNITS);
        count(new DynamoDbUnits.Units(0, DynamoDbUnits.aggregatesQuery(bytes)));
    }

    @Override
    public ControlPlaneUsage usage() {
        long sqsRequests = sessionEvents + 2 * ingestInvocations + (long) CostModel.IDLE_RECEIVES_PER_MINUTE * analyzerRuns;
        return new ControlPlaneUsage(sessionEvents, ingestInvocations, analyzerRuns, stepInvocations, stateTransitions,
                executions, STACK_ALARMS * analyzerRuns, cordons, readmissions, sqsRequests, writeUnits, readUnits,
                metricsRequested, metricHours.hours());
    }

    /** Session events the ingest path refused: always 0 unless something is broken. */
    public int deadLettered() {
        return sqs == null ? 0 : sqs.depth(queue.deadLetterUrl());
    }

    @Override
    public void close() {
        if (sqs != null) {
            sqs.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }
}
