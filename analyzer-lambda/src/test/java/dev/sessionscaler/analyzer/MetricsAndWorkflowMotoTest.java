package dev.sessionscaler.analyzer;

import dev.sessionscaler.ingest.MotoServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.WorkflowStarter.ExecutionStatus;
import dev.sessionscaler.core.port.WorkflowStarter.StartResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * {@link CloudWatchMetricsReader} and {@link StepFunctionsWorkflowStarter} against moto_server. Skipped, with a notice,
 * where moto_server is not installed.
 *
 * <p>What moto (5.2) rejects or mishandles here (none of it is a bug in these adapters):
 * <ul>
 *   <li>moto runs no state machine unless told to (its executions stay RUNNING until StopExecution makes them
 *       ABORTED), so SUCCEEDED and FAILED executions are not reached here; ABORTED stands for a finished one.</li>
 *   <li>GetMetricData takes more than 500 queries in one call (AWS refuses them); the reader's split into calls of
 *       500 is checked by counting its calls. moto never pages GetMetricData results (no NextToken).</li>
 * </ul>
 * Otherwise moto behaves as AWS documents: a second StartExecution of a running execution with the same name and input
 * succeeds, with another input or after the execution closed it is refused with ExecutionAlreadyExists; an unknown
 * execution is ExecutionDoesNotExist, an unknown state machine StateMachineDoesNotExist.
 */
class MetricsAndWorkflowMotoTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    @RegisterExtension
    static final MotoServer.PerClass MOTO = new MotoServer.PerClass();
    private static CloudWatchClient cloudWatch;
    private static SfnClient sfn;

    @BeforeAll
    static void startMoto() {
        cloudWatch = MOTO.client(CloudWatchClient.builder());
        sfn = MOTO.client(SfnClient.builder());
    }

    private static void put(ServiceRef service, String metric, Instant at, double value) {
        cloudWatch.putMetricData(r -> r.namespace("AWS/ECS").metricData(MetricDatum.builder().metricName(metric).timestamp(at)
                .value(value).unit(StandardUnit.PERCENT).dimensions(Dimension.builder().name("ClusterName").value(service.cluster()).build(),
                        Dimension.builder().name("ServiceName").value(service.service()).build()).build()));
    }

    @Test
    void readsTheNewestMinutesAverageAndMaximumOfTheServiceOnly() {
        ServiceRef rdp = new ServiceRef("demo-" + NAMES.incrementAndGet(), "rdp");
        Instant now = Instant.now();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        // two tasks' datapoints in each of two minutes, as ECS's per-service metrics aggregate them
        put(rdp, "CPUUtilization", minute.minusSeconds(180).plusSeconds(10), 10);
        put(rdp, "CPUUtilization", minute.minusSeconds(180).plusSeconds(20), 30);
        put(rdp, "CPUUtilization", minute.minusSeconds(120).plusSeconds(10), 50);
        put(rdp, "CPUUtilization", minute.minusSeconds(120).plusSeconds(20), 70);
        put(rdp, "MemoryUtilization", minute.minusSeconds(180).plusSeconds(10), 40);
        put(rdp, "MemoryUtilization", minute.minusSeconds(120).plusSeconds(10), 45);
        put(new ServiceRef(rdp.cluster(), "vnc"), "CPUUtilization", minute.minusSeconds(120).plusSeconds(30), 99);
        put(rdp, "CPUUtilization", minute.minus(CloudWatchMetricsReader.LOOKBACK).minusSeconds(60), 95);  // too old

        ServiceMetrics metrics = new CloudWatchMetricsReader(cloudWatch).read(rdp, List.of(), now);

        assertThat(metrics.serviceCpuPercent()).isEqualTo(60.0);
        assertThat(metrics.serviceMemoryPercent()).isEqualTo(45.0);
        assertThat(metrics.serviceMaxCpuPercent()).isEqualTo(70.0);
    }

    @Test
    void aServiceWithoutDatapointsHasNoFiguresRatherThanZero() {
        ServiceRef quiet = new ServiceRef("demo-" + NAMES.incrementAndGet(), "rdp");
        put(quiet, "CPUUtilization", Instant.now().minus(Duration.ofMinutes(30)), 5);  // only outside the look-back

        ServiceMetrics metrics = new CloudWatchMetricsReader(cloudWatch).read(quiet, List.of(), Instant.now());

        assertThat(metrics.serviceCpuPercent()).isNull();
        assertThat(metrics.serviceMemoryPercent()).isNull();
        assertThat(metrics.serviceMaxCpuPercent()).isNull();
    }

    @Test
    void moreThanFiveHundredQueriesGoInSeveralCallsAndEveryAnswerIsKept() {
        ServiceRef service = new ServiceRef("demo-" + NAMES.incrementAndGet(), "rdp");
        Instant now = Instant.now();
        int queries = CloudWatchMetricsReader.MAX_QUERIES_PER_CALL + 20;
        for (int i = 0; i < queries; i += 20) {
            int from = i;
            cloudWatch.putMetricData(r -> r.namespace("Test/Moto").metricData(IntStream.range(from, from + 20).mapToObj(m -> d(m,
                    now.truncatedTo(ChronoUnit.MINUTES).minusSeconds(90), service)).toList()));
        }
        List<MetricDataQuery> asked = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            int m = i;
            asked.add(MetricDataQuery.builder().id("m" + m).returnData(true).metricStat(s -> s.period(60).stat("Maximum")
                    .metric(x -> x.namespace("Test/Moto").metricName("M" + m).dimensions(dimension(service)))).build());
        }
        AtomicInteger calls = new AtomicInteger();

        Map<String, Double> latest = new CloudWatchMetricsReader(counting(calls)).latestValues(asked, now);

        assertThat(calls.get()).isEqualTo(2);
        assertThat(latest).hasSize(queries);
        IntStream.range(0, queries).forEach(i -> assertThat(latest.get("m" + i)).isEqualTo((double) i));
    }

    private static MetricDatum d(int m, Instant at, ServiceRef service) {
        return MetricDatum.builder().metricName("M" + m).timestamp(at).value((double) m)
                .dimensions(dimension(service)).build();
    }

    private static Dimension dimension(ServiceRef service) {
        return Dimension.builder().name("ServiceName").value(service.service() + "-" + service.cluster()).build();
    }

    private static CloudWatchClient counting(AtomicInteger getMetricDataCalls) {
        return (CloudWatchClient) Proxy.newProxyInstance(CloudWatchClient.class.getClassLoader(), new Class<?>[] {CloudWatchClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getMetricData")) {
                        getMetricDataCalls.incrementAndGet();
                    }
                    try {
                        return method.invoke(cloudWatch, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A state machine whose executions run ten minutes (moto does not run it: they stay RUNNING until stopped). */
    private static String stateMachine() {
        return sfn.createStateMachine(r -> r.name("scale-" + NAMES.incrementAndGet())
                .roleArn("arn:aws:iam::123456789012:role/scale-workflow")
                .definition("{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}"))
                .stateMachineArn();
    }

    @Test
    void startsAnExecutionWithTheEventAsInputAndARetryOfTheSameStartIsNoSecondOne() throws Exception {
        String machine = stateMachine();
        var starter = new StepFunctionsWorkflowStarter(sfn, machine, Clock.systemUTC());
        ServiceRef rdp = new ServiceRef("demo", "rdp");
        String name = ExecutionNames.of(rdp, Instant.parse("2026-01-01T10:00:00Z"));
        ScaleEvent event = new ScaleEvent.ScaleIn("demo", "rdp", List.of("arn:aws:ecs:us-east-1:123456789012:task/demo/t1"), "SCALE_IN_IDLE");

        assertThat(starter.start(event, name)).isEqualTo(StartResult.STARTED);
        assertThat(starter.start(event, name)).as("same name, same input, still running: Step Functions answers success")
                .isEqualTo(StartResult.STARTED);

        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).hasSize(1);
        var described = sfn.describeExecution(r -> r.executionArn(starter.executionArn(name)));
        assertThat(described.name()).isEqualTo(name);
        JsonNode input = Json.MAPPER.readTree(described.input());
        assertThat(input.get("action").asText()).isEqualTo("scale-in");
        assertThat(input.get("cluster").asText()).isEqualTo("demo");
        assertThat(input.get("tasks").get(0).asText()).endsWith("/t1");
        assertThat(starter.status(name)).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void anExistingExecutionIsReportedRunningOrFinishedByItsStatus() {
        String machine = stateMachine();
        var now = new StepFunctionsWorkflowStarter(sfn, machine, Clock.systemUTC());
        var later = new StepFunctionsWorkflowStarter(sfn, machine,
                Clock.offset(Clock.systemUTC(), StepFunctionsWorkflowStarter.STEP_GRACE.plusSeconds(60)));
        String name = ExecutionNames.of(new ServiceRef("demo", "rdp"), Instant.parse("2026-01-01T10:01:00Z"));
        now.start(new ScaleEvent.ScaleOut("demo", "rdp", 5, "SCALE_OUT_CPU"), name);

        assertThat(now.start(new ScaleEvent.ScaleOut("demo", "rdp", 6, "SCALE_OUT_CPU"), name))
                .as("another input for a running execution: ExecutionAlreadyExists, and it runs").isEqualTo(StartResult.ALREADY_RUNNING);

        sfn.stopExecution(r -> r.executionArn(now.executionArn(name)));
        assertThat(now.status(name)).as("just stopped: its last step may still run").isEqualTo(ExecutionStatus.STOPPING);
        assertThat(now.start(new ScaleEvent.ScaleOut("demo", "rdp", 5, "SCALE_OUT_CPU"), name)).isEqualTo(StartResult.ALREADY_RUNNING);
        assertThat(later.status(name)).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(later.start(new ScaleEvent.ScaleOut("demo", "rdp", 5, "SCALE_OUT_CPU"), name))
                .as("a closed execution keeps its name: refused, and reported finished").isEqualTo(StartResult.ALREADY_FINISHED);
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).hasSize(1);
    }

    @Test
    void anUnknownExecutionIsNotFoundAndAnUnknownStateMachineIsAnError() {
        String machine = stateMachine();
        var starter = new StepFunctionsWorkflowStarter(sfn, machine, Clock.systemUTC());
        assertThat(starter.status("never-started")).isEqualTo(ExecutionStatus.NOT_FOUND);

        var misconfigured = new StepFunctionsWorkflowStarter(sfn, machine + "-gone", Clock.systemUTC());
        assertThatThrownBy(() -> misconfigured.start(new ScaleEvent.ScaleOut("demo", "rdp", 2, "x"), "demo-rdp-x"))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThat(misconfigured.status("demo-rdp-x")).isEqualTo(ExecutionStatus.NOT_FOUND);
    }
}
