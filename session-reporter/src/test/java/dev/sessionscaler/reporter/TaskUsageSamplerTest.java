package dev.sessionscaler.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskUsageSamplerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TaskUsageSampler.Limits ONE_VCPU_2GIB = new TaskUsageSampler.Limits(1, 2048);

    /** The task metadata endpoint's /task/stats: one container at {@code read}, one stopped (null). */
    private static String stats(String read, String preread, long cpuNanos, long precpuNanos) {
        return """
                {"c1": {"read": "%s", "preread": "%s",
                        "cpu_stats": {"cpu_usage": {"total_usage": %d}}, "precpu_stats": {"cpu_usage": {"total_usage": %d}},
                        "memory_stats": {"usage": 1073741824, "stats": {"inactive_file": 268435456}}},
                 "c2": null}""".formatted(read, preread, cpuNanos, precpuNanos);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void theFirstSampleUsesTheEndpointsOwnPreviousReadingAndMemoryLeavesOutTheFileCache() throws Exception {
        JsonNode now = json(stats("2026-01-01T10:01:00.000000000Z", "2026-01-01T10:00:59.000000000Z", 30_000_000_000L, 29_500_000_000L));

        assertThat(TaskUsageSampler.usage(now, ONE_VCPU_2GIB, null))
                .as("half a second of CPU in a second on 1 vCPU; 768 MiB of 2 GiB").contains(new TaskUsageSampler.Usage(50, 37.5));
        assertThat(TaskUsageSampler.usage(now, new TaskUsageSampler.Limits(0.25, 512), null))
                .as("a quarter vCPU may be used past its reservation, as CloudWatch shows it").contains(new TaskUsageSampler.Usage(200, 150));
    }

    @Test
    void laterSamplesAverageSinceTheLastOneAndARestartedContainerFallsBackToTheEndpointsReading() throws Exception {
        TaskUsageSampler.CpuReading minuteAgo = new TaskUsageSampler.CpuReading(30_000_000_000L, Instant.parse("2026-01-01T10:01:00Z"),
                java.util.Set.of("c1"));
        JsonNode now = json(stats("2026-01-01T10:02:00Z", "2026-01-01T10:01:59Z", 42_000_000_000L, 41_900_000_000L));

        assertThat(TaskUsageSampler.usage(now, ONE_VCPU_2GIB, minuteAgo).orElseThrow().cpuPercent())
                .as("12 s of CPU in 60 s").isEqualTo(20);
        assertThat(TaskUsageSampler.usage(now, new TaskUsageSampler.Limits(2, 2048), minuteAgo).orElseThrow().cpuPercent()).isEqualTo(10);
        TaskUsageSampler.CpuReading beforeRestart = new TaskUsageSampler.CpuReading(90_000_000_000L, Instant.parse("2026-01-01T10:01:00Z"),
                java.util.Set.of("c1"));
        assertThat(TaskUsageSampler.usage(now, ONE_VCPU_2GIB, beforeRestart).orElseThrow().cpuPercent())
                .as("the counter went back: the endpoint's last second instead").isEqualTo(10);
        TaskUsageSampler.CpuReading withASidecarSinceStopped = new TaskUsageSampler.CpuReading(20_000_000_000L,
                Instant.parse("2026-01-01T10:01:00Z"), java.util.Set.of("c1", "c3"));
        assertThat(TaskUsageSampler.usage(now, ONE_VCPU_2GIB, withASidecarSinceStopped).orElseThrow().cpuPercent())
                .as("a container stopped since: its time is not in the total any more, so not the difference either").isEqualTo(10);
    }

    @Test
    void withoutAnEarlierReadingThereIsNoFigure() throws Exception {
        JsonNode first = json(stats("2026-01-01T10:01:00Z", "0001-01-01T00:00:00Z", 30_000_000_000L, 0));
        assertThat(TaskUsageSampler.usage(first, ONE_VCPU_2GIB, null)).isEmpty();
        assertThat(TaskUsageSampler.usage(json("{}"), ONE_VCPU_2GIB, null)).isEmpty();
    }

    @Test
    void limitsAreTheTasksOrElseTheSumOfItsContainersAndWithoutAnyThereIsNoShareToTell() throws Exception {
        assertThat(TaskUsageSampler.limitsOf(json("{\"Limits\": {\"CPU\": 0.5, \"Memory\": 1024}}")))
                .isEqualTo(new TaskUsageSampler.Limits(0.5, 1024));
        assertThat(TaskUsageSampler.limitsOf(json("{\"Containers\": [{\"Limits\": {\"CPU\": 512, \"Memory\": 1024}},"
                + " {\"Limits\": {\"CPU\": 512, \"Memory\": 512}}]}"))).as("EC2 without task-level sizes: CPU units")
                .isEqualTo(new TaskUsageSampler.Limits(1, 1536));
        assertThatThrownBy(() -> TaskUsageSampler.limitsOf(json("{\"Containers\": [{\"Limits\": {\"CPU\": 0}}]}")))
                .hasMessageContaining("names no CPU or memory reservation");
    }

    @Test
    void aReporterAskedToReportUsageAddsItToItsHeartbeatsAndOneThatCannotReadItSendsNone() throws Exception {
        AtomicLong cpu = new AtomicLong(30_000_000_000L);
        try (LocalHttp endpoint = new LocalHttp("/v4/abc/task", 200, path -> path.endsWith("/stats")
                ? stats("2026-01-01T10:01:00Z", "2026-01-01T10:00:59Z", cpu.get(), cpu.get() - 250_000_000L)
                : "{\"Limits\": {\"CPU\": 1, \"Memory\": 2048}}")) {
            RecordingSender sender = new RecordingSender();
            SessionReporter reporter = SessionReporter.builder()
                    .environment(Map.of(TaskIdentity.METADATA_VARIABLE, endpoint.base() + "/v4/abc"))
                    .settings(ReporterSettings.defaults().withShutdownHook(false)).identity(SessionReporterTest.TASK)
                    .sender(sender).clock(Clock.fixed(Instant.parse("2026-01-01T10:01:00Z"), ZoneOffset.UTC)).reportUsage(true).build();

            reporter.heartbeat();

            JsonNode heartbeat = json(sender.delivered.get(0));
            assertThat(heartbeat.get("cpuPercent").asDouble()).isEqualTo(25);
            assertThat(heartbeat.get("memoryPercent").asDouble()).isEqualTo(37.5);
        }
        RecordingSender sender = new RecordingSender();
        SessionReporter unreachable = SessionReporter.builder()
                .environment(Map.of(TaskIdentity.METADATA_VARIABLE, "http://127.0.0.1:9/v4/none"))
                .settings(ReporterSettings.defaults().withShutdownHook(false)).identity(SessionReporterTest.TASK)
                .sender(sender).reportUsage(true).build();
        unreachable.heartbeat();
        assertThat(json(sender.delivered.get(0)).has("cpuPercent")).as("the heartbeat still goes, without usage").isFalse();
        assertThatThrownBy(() -> SessionReporter.builder().environment(Map.of(SessionReporter.REPORT_USAGE, "yes"))
                .identity(SessionReporterTest.TASK).sender(new RecordingSender()).build())
                .hasMessageContaining("SESSION_SCALER_REPORT_USAGE: must be true or false");
        assertThatThrownBy(() -> SessionReporter.builder().environment(Map.of()).identity(SessionReporterTest.TASK)
                .sender(new RecordingSender()).reportUsage(true).build())
                .hasMessageContaining("ECS_CONTAINER_METADATA_URI_V4 is not set");
    }
}
