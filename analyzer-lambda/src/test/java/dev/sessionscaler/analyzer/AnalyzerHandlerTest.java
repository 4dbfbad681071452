package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.ManagedService;
import static dev.sessionscaler.analyzer.Fakes.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.runtime.StructuredLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyzerHandlerTest {
    static final ServiceRef RDP = new ServiceRef("demo", "rdp");
    static final ServiceRef VNC = new ServiceRef("demo", "vnc");
    private final Fakes.Ecs ecs = new Fakes.Ecs();
    private final Fakes.StepFunctions stepFunctions = new Fakes.StepFunctions();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private AnalyzerHandler handler(ManagedService... services) {
        var ports = new Analyzer.Ports(ecs, new Fakes.Metrics(), new Fakes.Sessions().task("a", 9).task("b", 9), new Fakes.Decisions(),
                new InMemoryLease(), stepFunctions, new InMemoryScaleLedger(), arn -> null);
        var quiet = new PrintStream(OutputStream.nullOutputStream());
        return new AnalyzerHandler(new Analyzer(List.of(services), ports, Duration.ofHours(1), clock,
                new StructuredLog(quiet, clock), new EmfMetrics(quiet)), clock);
    }

    private static InputStream fixture() {
        return AnalyzerHandlerTest.class.getResourceAsStream("/events/scheduled-event.json");
    }

    @Test
    void aScheduledEventIsAnalyzedAndNamedByItsScheduledMinute() throws Exception {
        ecs.service(RDP, 2, "a", "b");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler(new ManagedService(RDP, ScalerConfig.builder(1, 10, 10).build())).handleRequest(fixture(), out, null);

        JsonNode summary = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(summary.get("scheduledTime").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(summary.at("/services/0/service").asText()).isEqualTo("demo/rdp");
        assertThat(summary.at("/services/0/status").asText()).isEqualTo("STARTED");
        assertThat(summary.at("/services/0/action").asText()).isEqualTo("SCALE_OUT");
        assertThat(stepFunctions.executions).containsOnlyKeys("demo-rdp-20260101T1000Z");
    }

    @Test
    void aFailedServiceFailsTheInvocationAfterTheOthersSoLambdaRetriesIt() {
        ecs.service(RDP, 2, "a", "b");
        ecs.service(VNC, 1, "v");
        ecs.failing.add(VNC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var config = ScalerConfig.builder(1, 10, 10).build();

        assertThatThrownBy(() -> handler(new ManagedService(VNC, config), new ManagedService(RDP, config))
                .handleRequest(fixture(), out, null))
                .hasMessageStartingWith("analysis failed for [demo/vnc]");
        assertThat(stepFunctions.executions).as("the healthy service was still handled").hasSize(1);
    }

    @Test
    void aManualInvocationWithoutTimeUsesTheClockAndBadTimesAreRejected() {
        var handler = handler();
        assertThat(handler.scheduledTime("{}")).isEqualTo(NOW);
        assertThat(handler.scheduledTime("")).isEqualTo(NOW);
        assertThatThrownBy(() -> handler.scheduledTime("{\"time\": \"noon\"}")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("time: must be an ISO-8601 UTC instant");
        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null)).isInstanceOf(InvalidInputException.class);
    }
}
