package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.ManagedService;
import static dev.sessionscaler.analyzer.Fakes.NOW;
import static dev.sessionscaler.analyzer.Fakes.SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.runtime.StructuredLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/** AWS calls per analyzer run for a 5,000-task service, counted on the real readers (issue 8's budget). */
@SuppressWarnings("unchecked")
class AnalyzerCallCountTest {

    @Test
    void fiveThousandTasksCostFiftyDescribeTasksOneGetMetricDataAndOneSessionRead() {
        ServiceRef rdp = new ServiceRef("demo", "rdp");
        int tasks = 5000;
        List<String> arns = IntStream.range(0, tasks).mapToObj(i -> Fakes.arn("t" + i)).toList();
        EcsClient ecs = mock(EcsClient.class);
        when(ecs.listTasksPaginator(any(Consumer.class))).thenCallRealMethod();
        when(ecs.listTasksPaginator(any(ListTasksRequest.class))).thenCallRealMethod();
        when(ecs.describeServices(any(Consumer.class))).thenReturn(DescribeServicesResponse.builder()
                .services(Service.builder().desiredCount(tasks).build()).build());
        List<ListTasksResponse> pages = new ArrayList<>();
        for (int from = 0; from < tasks; from += 100) {
            pages.add(ListTasksResponse.builder().taskArns(arns.subList(from, from + 100))
                    .nextToken(from + 100 < tasks ? "p" + from : null).build());
        }
        var stub = when(ecs.listTasks(any(ListTasksRequest.class)));
        for (ListTasksResponse page : pages) {
            stub = stub.thenReturn(page);
        }
        when(ecs.describeTasks(any(Consumer.class))).thenAnswer(inv -> {
            DescribeTasksRequest.Builder b = DescribeTasksRequest.builder();
            ((Consumer<DescribeTasksRequest.Builder>) inv.getArgument(0)).accept(b);
            return DescribeTasksResponse.builder().tasks(b.build().tasks().stream().map(EcsFleetReaderTest::task).toList()).build();
        });
        CloudWatchClient cloudWatch = mock(CloudWatchClient.class);
        when(cloudWatch.getMetricData(any(Consumer.class))).thenReturn(GetMetricDataResponse.builder().metricDataResults(
                MetricDataResult.builder().id("cpuavg").values(50.0).build(),
                MetricDataResult.builder().id("memavg").values(40.0).build(),
                MetricDataResult.builder().id("cpumax").values(60.0).build()).build());
        Fakes.Sessions sessions = new Fakes.Sessions();
        for (int i = 0; i < tasks; i++) {
            sessions.task("t" + i, 5);
        }
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Analyzer analyzer = new Analyzer(List.of(new ManagedService(rdp, ScalerConfig.builder(1, 5000, 10).build())),
                new Analyzer.Ports(new EcsFleetReader(ecs, clock), new CloudWatchMetricsReader(cloudWatch), sessions,
                        new Fakes.Decisions(), new InMemoryLease(), new Fakes.StepFunctions(), new InMemoryScaleLedger(), arn -> null),
                Duration.ofHours(1), clock, new StructuredLog(quiet, clock), new EmfMetrics(quiet));

        Analyzer.Outcome outcome = analyzer.run(SCHEDULED).get(0);

        assertThat(outcome.decision().audit().observed().runningTasks()).isEqualTo(tasks);
        verify(ecs, times(1)).describeServices(any(Consumer.class));
        verify(ecs, times(50)).listTasks(any(ListTasksRequest.class));
        verify(ecs, times(50)).describeTasks(any(Consumer.class));
        verify(cloudWatch, times(1)).getMetricData(any(Consumer.class));
        assertThat(sessions.reads).isEqualTo(1);
    }
}
