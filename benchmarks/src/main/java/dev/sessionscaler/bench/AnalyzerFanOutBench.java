package dev.sessionscaler.bench;

import static dev.sessionscaler.ingest.SessionTableLayout.ACTIVE_DIGEST;
import static dev.sessionscaler.ingest.SessionTableLayout.RECENT_EVIDENCE;
import static dev.sessionscaler.ingest.SessionTableLayout.ACTIVE_SESSIONS;
import static dev.sessionscaler.ingest.SessionTableLayout.HEARTBEAT_RECEIVED_AT;
import static dev.sessionscaler.ingest.SessionTableLayout.LAST_EVENT_AT;
import static dev.sessionscaler.ingest.SessionTableLayout.LAST_HEARTBEAT_AT;
import static dev.sessionscaler.ingest.SessionTableLayout.PK;
import static dev.sessionscaler.ingest.SessionTableLayout.SK;
import static dev.sessionscaler.ingest.SessionTableLayout.TASK_ARN;
import static dev.sessionscaler.ingest.SessionTableLayout.VERSION;

import dev.sessionscaler.analyzer.Analyzer;
import dev.sessionscaler.analyzer.ApiBudget;
import dev.sessionscaler.analyzer.CloudWatchMetricsReader;
import dev.sessionscaler.analyzer.DynamoDbDecisionStore;
import dev.sessionscaler.analyzer.DynamoDbLease;
import dev.sessionscaler.analyzer.DynamoDbScaleLedger;
import dev.sessionscaler.analyzer.EcsFleetReader;
import dev.sessionscaler.analyzer.ElbTargetGroupReader;
import dev.sessionscaler.analyzer.EmfMetrics;
import dev.sessionscaler.analyzer.FanOut;
import dev.sessionscaler.analyzer.StateTableLayout;
import dev.sessionscaler.analyzer.StepFunctionsWorkflowStarter;
import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import dev.sessionscaler.ingest.SessionDigest;
import dev.sessionscaler.ingest.SessionTableLayout;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * One deployment managing {@code services} services of {@code tasks} tasks each: the real analyzer, with its real
 * adapters and request budget ({@link ApiBudget}), against {@link FleetStub} (ECS, CloudWatch, ELBv2 and Step Functions
 * on loopback, each answer delayed by {@code latency} ms) and DynamoDB Local as a server on loopback holding every
 * task's session aggregate (5 sessions each, fresh heartbeats). For each configuration (workers, ECS reads a second),
 * it times {@code runs} minutes' runs and counts the calls per API. Prints one JSON object.
 * Arguments: services tasks latencyMs runs.
 */
public final class AnalyzerFanOutBench {
    private static final String SESSIONS = "sessions";
    private static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/bench/abc";

    private AnalyzerFanOutBench() {
    }

    record Configuration(int workers, double ecsReadsPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long latency = args.length > 2 ? Long.parseLong(args[2]) : 30;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<ManagedService> managed = new ArrayList<>();
        ScalerConfig config = ScalerConfig.builder(1, 2000, 10).build();
        for (int s = 0; s < services; s++) {
            managed.add(new ManagedService(new ServiceRef("bench", "svc-" + s), config, TARGET_GROUP, 8443, 3600));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        try (LocalDynamoDbServer server = new LocalDynamoDbServer(); FleetStub stub = new FleetStub(tasks, latency);
             DynamoDbClient seeder = server.client()) {
            SessionTableLayout.createLocalTable(seeder, SESSIONS);
            long seeding = System.nanoTime();
            seed(seeder, managed, tasks, now);
            System.err.printf("bench: seeded %,d task aggregates in %.1f s%n", services * tasks, (System.nanoTime() - seeding) / 1e9);
            List<Configuration> configurations = List.of(new Configuration(1, 1000), new Configuration(8, 1000),
                    new Configuration(8, ApiBudget.DEFAULT_ECS_READS), new Configuration(16, 40));
            for (Configuration c : configurations) {
                results.add(measure(c, managed, stub, server, now, runs, tasks));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("services", services);
        out.put("tasksPerService", tasks);
        out.put("stubLatencyMs", latency);
        out.put("runsPerConfiguration", runs);
        out.put("configurations", results);
        System.out.println(dev.sessionscaler.core.config.Json.write(out));
        System.exit(0);  // DynamoDB Local leaves non-daemon threads behind
    }

    private static Map<String, Object> measure(Configuration c, List<ManagedService> managed, FleetStub stub, LocalDynamoDbServer server,
                                               Instant now,
                                               int runs, int tasks) {
        ApiBudget budget = new ApiBudget(c.ecsReadsPerSecond(), 1000);
        List<Double> seconds = new ArrayList<>();
        List<Long> decided = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            // a fresh state table each run: every run finds the same leases free and decides the same way
            String state = "state-" + c.workers() + "-" + (int) c.ecsReadsPerSecond() + "-" + run;
            try (DynamoDbClient dynamo = server.client(budget)) {
                StateTableLayout.createLocalTable(dynamo, state);
                Analyzer analyzer = analyzer(c, managed, stub, dynamo, budget, state, now);
                long started = System.nanoTime();
                List<Analyzer.Outcome> outcomes = analyzer.run(now.plus(Duration.ofMinutes(run)));
                seconds.add((System.nanoTime() - started) / 1e9);
                decided.add(outcomes.stream().filter(o -> o.status() != Analyzer.Status.FAILED).count());
            }
            System.err.printf("bench: %d workers, %.0f ECS reads/s: run %d took %.1f s, %d services decided%n", c.workers(),
                    c.ecsReadsPerSecond(), run + 1, seconds.get(run), decided.get(run));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("workers", c.workers());
        row.put("ecsReadsPerSecond", c.ecsReadsPerSecond());
        row.put("secondsPerRun", seconds);
        row.put("servicesDecided", decided);
        Map<String, Long> perRun = new LinkedHashMap<>();
        budget.calls().forEach((operation, count) -> perRun.put(operation, count / runs));
        row.put("callsPerRun", perRun);
        return row;
    }

    private static Analyzer analyzer(Configuration c, List<ManagedService> managed, FleetStub stub, DynamoDbClient dynamo,
                                     ApiBudget budget, String state, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder().retryStrategy(RetryMode.ADAPTIVE_V2)
                .addExecutionInterceptor(budget).build();
        var http = UrlConnectionHttpClient.create();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
        URI endpoint = URI.create(stub.endpoint());
        EcsClient ecs = EcsClient.builder().httpClient(http).overrideConfiguration(override).endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        CloudWatchClient cloudWatch = CloudWatchClient.builder().httpClient(http).overrideConfiguration(override).endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        SfnClient sfn = SfnClient.builder().httpClient(http).overrideConfiguration(override).endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        var elb = ElasticLoadBalancingV2Client.builder().httpClient(http).overrideConfiguration(override).endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        Analyzer.Ports ports = new Analyzer.Ports(new EcsFleetReader(ecs, clock), new CloudWatchMetricsReader(cloudWatch),
                new DynamoDbSessionStore(dynamo, SESSIONS, clock, EventLimits.DEFAULTS, Backoff.standard()),
                new DynamoDbDecisionStore(dynamo, state, Duration.ofDays(30)), new DynamoDbLease(dynamo, state),
                new StepFunctionsWorkflowStarter(sfn, "arn:aws:states:us-east-1:123456789012:stateMachine:session-scaler", clock),
                new DynamoDbScaleLedger(dynamo, state), new ElbTargetGroupReader(elb, clock),
                new DynamoDbLease(dynamo, state, StateTableLayout.PAUSE));
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        return new Analyzer(managed, ports, Duration.ofHours(2), clock, new StructuredLog(discard, clock), new EmfMetrics(discard),
                new FanOut(c.workers(), Duration.ofSeconds(600)));
    }

    /** Every task's aggregate as the ingest function leaves it: 5 active sessions, a heartbeat at {@code now}. */
    private static void seed(DynamoDbClient dynamo, List<ManagedService> managed, int tasks, Instant now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new ArrayList<>();
        long at = now.toEpochMilli();
        for (ManagedService service : managed) {
            writes.add(pool.submit(() -> {
                List<WriteRequest> batch = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                    String arn = FleetStub.taskArn(service.ref().service(), i);
                    List<String> ids = new ArrayList<>();
                    for (int k = 0; k < 5; k++) {
                        ids.add("session-" + service.ref().service() + "-" + i + "-" + k);
                    }
                    Map<String, AttributeValue> item = Map.of(PK, AttributeValue.fromS(SessionTableLayout.servicePk(service.ref())),
                            SK, AttributeValue.fromS(SessionTableLayout.taskSk(arn)), TASK_ARN, AttributeValue.fromS(arn),
                            ACTIVE_SESSIONS, AttributeValue.fromN("5"),
                            ACTIVE_DIGEST, AttributeValue.fromS(SessionDigest.of(ids)), RECENT_EVIDENCE, AttributeValue.fromM(Map.of()),
                            LAST_HEARTBEAT_AT, AttributeValue.fromN(Long.toString(at)),
                            HEARTBEAT_RECEIVED_AT, AttributeValue.fromN(Long.toString(at)),
                            LAST_EVENT_AT, AttributeValue.fromN(Long.toString(at)), VERSION, AttributeValue.fromN("1"));
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                    if (batch.size() == 25 || i == tasks - 1) {
                        List<WriteRequest> chunk = List.copyOf(batch);
                        dynamo.batchWriteItem(r -> r.requestItems(Map.of(SESSIONS, chunk)));
                        batch.clear();
                    }
                }
                return null;
            }));
        }
        for (Future<?> write : writes) {
            write.get();
        }
        pool.shutdown();
    }
}
