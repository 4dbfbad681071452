package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.MetricsReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Reads the service's CPU and memory from the {@code AWS/ECS} namespace with GetMetricData, at most
 * 500 queries per call (the API's limit). The {@code Maximum} statistic of the service's
 * {@code CPUUtilization} is the busiest task's utilisation, which reveals a hot task without
 * per-task metrics. The newest datapoint of the last few minutes is used; if there is none, the
 * figure is null, which the rules never read as idle.
 */
public final class CloudWatchMetricsReader implements MetricsReader {
    static final int MAX_QUERIES_PER_CALL = 500;
    /** ECS publishes one-minute datapoints with a lag; look back far enough to find the newest. */
    static final Duration LOOKBACK = Duration.ofMinutes(5);

    private final CloudWatchClient cloudWatch;

    public CloudWatchMetricsReader(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** The metrics one read requests (GetMetricData bills per metric requested). */
    public static final int METRICS_PER_READ = 3;

    @Override
    public ServiceMetrics read(ServiceRef service, Collection<String> taskArns, Instant now) {
        List<MetricDataQuery> queries = List.of(
                query("cpuavg", service, "CPUUtilization", "Average"),
                query("memavg", service, "MemoryUtilization", "Average"),
                query("cpumax", service, "CPUUtilization", "Maximum"));
        Map<String, Double> latest = latestValues(queries, now);
        return new ServiceMetrics(latest.get("cpuavg"), latest.get("memavg"), latest.get("cpumax"), Map.of());
    }

    /** Runs the queries, 500 per call, following result pages; returns the newest value per query id. */
    Map<String, Double> latestValues(List<MetricDataQuery> queries, Instant now) {
        Map<String, Double> latest = new HashMap<>();
        Instant end = now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        for (int from = 0; from < queries.size(); from += MAX_QUERIES_PER_CALL) {
            List<MetricDataQuery> page = new ArrayList<>(queries.subList(from, Math.min(queries.size(), from + MAX_QUERIES_PER_CALL)));
            String token = null;
            do {
                String next = token;
                GetMetricDataResponse response = cloudWatch.getMetricData(r -> r.metricDataQueries(page)
                        .startTime(end.minus(LOOKBACK)).endTime(end).scanBy(ScanBy.TIMESTAMP_DESCENDING).nextToken(next));
                for (MetricDataResult result : response.metricDataResults()) {
                    if (!latest.containsKey(result.id()) && !result.values().isEmpty()) {
                        latest.put(result.id(), result.values().get(0));
                    }
                }
                token = response.nextToken();
            } while (token != null);
        }
        return latest;
    }

    private static MetricDataQuery query(String id, ServiceRef service, String metric, String stat) {
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(s -> s.period(60).stat(stat).metric(m -> m.namespace("AWS/ECS").metricName(metric)
                        .dimensions(Dimension.builder().name("ClusterName").value(service.cluster()).build(),
                                Dimension.builder().name("ServiceName").value(service.service()).build())))
                .build();
    }
}
