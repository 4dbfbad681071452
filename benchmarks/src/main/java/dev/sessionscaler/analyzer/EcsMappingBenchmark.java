package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.model.EcsTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Task;

/** The analyzer's mapping of one DescribeTasks page (100 tasks) to the core's tasks (in this package to reach it). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EcsMappingBenchmark {
    private final List<Task> page = new ArrayList<>();

    @Setup
    public void page() {
        for (int i = 0; i < 100; i++) {
            page.add(Task.builder().taskArn("arn:aws:ecs:us-east-1:123456789012:task/demo/t" + i).availabilityZone("us-east-1a")
                    .startedAt(Instant.parse("2026-01-01T08:00:00Z")).lastStatus("RUNNING").healthStatus(HealthStatus.HEALTHY)
                    .attachments(Attachment.builder().type("ElasticNetworkInterface").details(
                            KeyValuePair.builder().name("subnetId").value("subnet-1").build(),
                            KeyValuePair.builder().name("privateIPv4Address").value("10.0.0." + i).build()).build())
                    .build());
        }
    }

    @Benchmark
    public List<EcsTask> mapDescribeTasksPage() {
        List<EcsTask> tasks = new ArrayList<>(page.size());
        for (Task task : page) {
            tasks.add(EcsFleetReader.toEcsTask(task));
        }
        return tasks;
    }
}
