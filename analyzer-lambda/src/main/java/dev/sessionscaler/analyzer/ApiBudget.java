package dev.sessionscaler.analyzer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The analyzer's request budget per AWS API, shared by all its workers: a token bucket per group of operations that a
 * call waits on before it is sent (attempts the SDK retries wait too), so concurrent services never add up to more than
 * the group's rate. With the SDK's adaptive retry mode on the clients, throttling slows the client down rather than
 * retrying at once: no retry storm. It also counts the calls made, per operation.
 *
 * <p>ECS throttles per account and Region, shared with every other caller (deployments, consoles, other tools), so the
 * analyzer's share is set below the quota ({@code ECS_READS_PER_SECOND}, default {@value #DEFAULT_ECS_READS}).
 */
public final class ApiBudget implements ExecutionInterceptor {
    public static final double DEFAULT_ECS_READS = 15;
    public static final double DEFAULT_METRIC_READS = 10;

    /** A group of operations sharing one rate; a second's worth of calls may go at once after a quiet spell. */
    static final class Bucket {
        private final double perSecond;
        private final double burst;
        private final LongSupplier nanoTime;
        private double tokens;
        private long refilledAt;

        Bucket(double perSecond, LongSupplier nanoTime) {
            this.perSecond = perSecond;
            this.burst = Math.max(1, perSecond);
            this.nanoTime = nanoTime;
            this.tokens = burst;
            this.refilledAt = nanoTime.getAsLong();
        }

        /** Nanoseconds to wait before the call may go; the token is taken now (callers queue up by taking in turn). */
        synchronized long take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) * perSecond / 1e9);
            refilledAt = now;
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) (-tokens / perSecond * 1e9);
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, String> groupOf;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    /**
     * @param ecsReadsPerSecond    DescribeServices, ListTasks, DescribeTasks and GetTaskProtection together
     * @param metricReadsPerSecond CloudWatch GetMetricData
     */
    public ApiBudget(double ecsReadsPerSecond, double metricReadsPerSecond) {
        groupOf = Map.of("Ecs.DescribeServices", "ecs-read", "Ecs.ListTasks", "ecs-read", "Ecs.DescribeTasks", "ecs-read",
                "Ecs.GetTaskProtection", "ecs-read", "CloudWatch.GetMetricData", "metric-read");
        buckets.put("ecs-read", new Bucket(ecsReadsPerSecond, System::nanoTime));
        buckets.put("metric-read", new Bucket(metricReadsPerSecond, System::nanoTime));
    }

    /** From {@code ECS_READS_PER_SECOND} and {@code METRIC_READS_PER_SECOND} (requests a second, 1 to 1000). */
    public static ApiBudget fromEnvironment(Map<String, String> env) {
        return new ApiBudget(rate(env, "ECS_READS_PER_SECOND", DEFAULT_ECS_READS), rate(env, "METRIC_READS_PER_SECOND", DEFAULT_METRIC_READS));
    }

    private static double rate(Map<String, String> env, String name, double fallback) {
        return AnalyzerConfig.seconds(env, name, (long) fallback, 1, 1000);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(operation, o -> new LongAdder()).increment();
        String group = groupOf.get(operation);
        if (group == null) {
            return;
        }
        long wait = buckets.get(group).take();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the " + group + " budget", e);
            }
        }
    }

    /** Whether calls to {@code operation} ({@code Service.Operation}, as the SDK names them) wait on a budget. */
    public boolean limits(String operation) {
        return groupOf.containsKey(operation);
    }

    /** Calls sent so far (each attempt counts), by {@code Service.Operation}. */
    public Map<String, Long> calls() {
        Map<String, Long> snapshot = new TreeMap<>();
        calls.forEach((operation, count) -> snapshot.put(operation, count.sum()));
        return snapshot;
    }
}
