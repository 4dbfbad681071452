package dev.sessionscaler.core.policy;

import static dev.sessionscaler.core.Fleets.NOW;
import static dev.sessionscaler.core.Fleets.arn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.model.TaskUsage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportedUsageTest {
    private static final ScalerConfig CONFIG = ScalerConfig.builder(1, 10, 10).build();

    private static EcsTask task(String id, TaskLifecycle lifecycle) {
        return new EcsTask(arn(id), "us-east-1a", NOW.minusSeconds(3600), lifecycle, true, false, null);
    }

    private static TaskSessions reported(String id, long secondsAgo, TaskUsage usage) {
        return new TaskSessions(arn(id), 1, NOW.minusSeconds(secondsAgo), NOW.minusSeconds(secondsAgo), usage);
    }

    private final ServiceFleet fleet = new ServiceFleet(new ServiceState("demo", "rdp", 3, false), List.of(
            task("a", TaskLifecycle.RUNNING), task("b", TaskLifecycle.RUNNING), task("new", TaskLifecycle.PENDING)));
    private final Map<String, TaskSessions> sessions = new HashMap<>(Map.of(
            arn("a"), reported("a", 20, new TaskUsage(20, 30)),
            arn("b"), reported("b", 50, new TaskUsage(90, 50))));

    @Test
    void whenEveryRunningTaskReportedFreshUsageTheServiceFiguresComeFromThem() {
        Optional<ServiceMetrics> usage = ReportedUsage.of(fleet, sessions, CONFIG, NOW);

        assertThat(usage).isPresent();
        assertThat(usage.get().serviceCpuPercent()).isEqualTo(55.0);
        assertThat(usage.get().serviceMemoryPercent()).isEqualTo(40.0);
        assertThat(usage.get().serviceMaxCpuPercent()).isEqualTo(90.0);
        assertThat(usage.get().perTask()).containsOnlyKeys(arn("a"), arn("b"))
                .containsEntry(arn("b"), new ServiceMetrics.TaskMetrics(90.0, 50.0));
    }

    @Test
    void aRunningTaskThatIsSilentStaleOrReportsNoUsageMeansTheyDoNotCoverTheService() {
        sessions.remove(arn("b"));
        assertThat(ReportedUsage.of(fleet, sessions, CONFIG, NOW)).as("silent").isEmpty();

        sessions.put(arn("b"), reported("b", CONFIG.heartbeatStalenessSeconds() + 1, new TaskUsage(1, 1)));
        assertThat(ReportedUsage.of(fleet, sessions, CONFIG, NOW)).as("stale").isEmpty();

        sessions.put(arn("b"), reported("b", 10, null));
        assertThat(ReportedUsage.of(fleet, sessions, CONFIG, NOW)).as("no usage").isEmpty();

        sessions.put(arn("b"), reported("b", CONFIG.heartbeatStalenessSeconds(), new TaskUsage(1, 1)));
        assertThat(ReportedUsage.of(fleet, sessions, CONFIG, NOW)).as("just within the staleness window").isPresent();
    }

    @Test
    void noRunningTaskIsNoReport() {
        ServiceFleet starting = new ServiceFleet(new ServiceState("demo", "rdp", 1, false), List.of(task("new", TaskLifecycle.PENDING)));
        assertThat(ReportedUsage.of(starting, sessions, CONFIG, NOW)).isEmpty();
    }
}
