package dev.sessionscaler.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sessionscaler.core.model.ServiceRef;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

@SuppressWarnings("unchecked")
class CloudWatchMetricsReaderTest {
    static final Instant NOW = Instant.parse("2026-01-01T10:00:30Z");
    private final CloudWatchClient cloudWatch = mock(CloudWatchClient.class);
    private final CloudWatchMetricsReader reader = new CloudWatchMetricsReader(cloudWatch);

    private static MetricDataResult result(String id, Double... newestFirst) {
        return MetricDataResult.builder().id(id).values(newestFirst).build();
    }

    @Test
    void oneCallReadsAverageCpuMemoryAndTheBusiestTask() {
        when(cloudWatch.getMetricData(any(Consumer.class))).thenAnswer(inv -> {
            GetMetricDataRequest.Builder b = GetMetricDataRequest.builder();
            ((Consumer<GetMetricDataRequest.Builder>) inv.getArgument(0)).accept(b);
            GetMetricDataRequest request = b.build();
            assertThat(request.endTime()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
            assertThat(request.metricDataQueries()).extracting(q -> q.metricStat().stat()).containsExactly("Average", "Average", "Maximum");
            return GetMetricDataResponse.builder().metricDataResults(
                    result("cpuavg", 41.5, 39.0), result("memavg", 30.0), result("cpumax", 93.0)).build();
        });

        var metrics = reader.read(new ServiceRef("demo", "rdp"), List.of(), NOW);

        assertThat(metrics.serviceCpuPercent()).isEqualTo(41.5);
        assertThat(metrics.serviceMemoryPercent()).isEqualTo(30.0);
        assertThat(metrics.serviceMaxCpuPercent()).isEqualTo(93.0);
        verify(cloudWatch, times(1)).getMetricData(any(Consumer.class));
    }

    @Test
    void noDatapointIsUnknownNotZero() {
        when(cloudWatch.getMetricData(any(Consumer.class))).thenReturn(GetMetricDataResponse.builder()
                .metricDataResults(result("cpuavg"), result("memavg", 20.0), result("cpumax")).build());

        var metrics = reader.read(new ServiceRef("demo", "rdp"), List.of(), NOW);

        assertThat(metrics.serviceCpuPercent()).isNull();
        assertThat(metrics.serviceMaxCpuPercent()).isNull();
        assertThat(metrics.serviceMemoryPercent()).isEqualTo(20.0);
    }

    @Test
    void resultPagesAreFollowedAndQueriesGoFiveHundredToACall() {
        List<MetricDataQuery> queries = IntStream.range(0, 1200)
                .mapToObj(i -> MetricDataQuery.builder().id("q" + i).expression("SEARCH('x', 'Average', 60)").build()).toList();
        when(cloudWatch.getMetricData(any(Consumer.class))).thenAnswer(inv -> {
            GetMetricDataRequest.Builder b = GetMetricDataRequest.builder();
            ((Consumer<GetMetricDataRequest.Builder>) inv.getArgument(0)).accept(b);
            GetMetricDataRequest request = b.build();
            assertThat(request.metricDataQueries().size()).isLessThanOrEqualTo(500);
            String first = request.metricDataQueries().get(0).id();
            return request.nextToken() == null && first.equals("q0")
                    ? GetMetricDataResponse.builder().metricDataResults(result("q0", 1.0)).nextToken("more").build()
                    : GetMetricDataResponse.builder().metricDataResults(result(first.equals("q0") ? "q1" : first, 2.0)).build();
        });

        var latest = reader.latestValues(queries, NOW);

        assertThat(latest).containsEntry("q0", 1.0).containsEntry("q1", 2.0).containsEntry("q500", 2.0).containsEntry("q1000", 2.0);
        verify(cloudWatch, times(4)).getMetricData(any(Consumer.class));
    }
}
