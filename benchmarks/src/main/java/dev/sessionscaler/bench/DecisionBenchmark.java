package dev.sessionscaler.bench;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.decision.DecisionPipeline;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One decision for a service of N tasks, on the expensive path: half the tasks are idle, load is
 * low, so the pipeline plans a scale-in and ranks every eligible victim.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {
    @Param({"50", "500", "5000"})
    int tasks;

    private DecisionInput input;
    private final DecisionPipeline pipeline = new DecisionPipeline();

    @Setup
    public void fleet() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        List<TaskState> fleet = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            fleet.add(new TaskState("arn:aws:ecs:us-east-1:123456789012:task/demo/t" + i, "us-east-1" + (char) ('a' + i % 3),
                    now.minusSeconds(3600 + i), TaskLifecycle.RUNNING, true, i % 50 == 0, false, i % 2 == 0 ? 0 : 1,
                    now.minusSeconds(30), 10.0, 20.0));
        }
        ScalerConfig config = ScalerConfig.builder(1, 5000, 10).bufferIdleSlots(10).scaleInStabilizationSeconds(0)
                .maxScaleInPerRun(10).build();
        input = new DecisionInput(config, now, new FleetSnapshot(new ServiceState("demo", "rdp", tasks, false), 10.0, 20.0, fleet),
                DecisionHistory.empty());
    }

    @Benchmark
    public Decision decide() {
        return pipeline.decide(input);
    }
}
