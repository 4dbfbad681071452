package dev.sessionscaler.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.FleetReader;
import dev.sessionscaler.core.port.Lease;
import dev.sessionscaler.core.port.ServiceActuator;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.core.port.TargetRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepHandlerTest {
    static final ServiceRef RDP = new ServiceRef("demo", "rdp");
    private final Lease lease = mock(Lease.class);
    private final ScaleSteps steps = new ScaleSteps(
            Map.of(RDP, new StepsService(RDP, ScalerConfig.builder(1, 10, 10).build(),
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc", 8443)),
            new ScaleSteps.Ports(mock(FleetReader.class), mock(SessionStore.class), mock(ServiceActuator.class),
                    mock(TargetRegistry.class), lease, mock(dev.sessionscaler.core.port.ScaleLedgerStore.class)),
            Duration.ofHours(1), 3, Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC));

    static final class Prepare extends StepHandler {
        Prepare(ScaleSteps steps) {
            super("Prepare", () -> steps);
        }
    }

    static final class Finalize extends StepHandler {
        Finalize(ScaleSteps steps) {
            super("Finalize", () -> steps);
        }
    }

    private static JsonNode invoke(StepHandler handler, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    }

    static final String PREPARE_INPUT = """
            {"executionName": "demo-rdp-20260101T1000Z",
             "payload": {"action": "scale-out", "cluster": "demo", "service": "rdp", "desiredCount": 4}}""";

    @Test
    void prepareTakesTheLeaseUnderTheExecutionNameAndReturnsThePlan() throws Exception {
        when(lease.tryAcquire(eq(RDP), eq("demo-rdp-20260101T1000Z"), any(), eq(Duration.ofHours(1)))).thenReturn(true);

        JsonNode plan = invoke(new Prepare(steps), PREPARE_INPUT);

        assertThat(plan.get("action").asText()).isEqualTo("scale-out");
        assertThat(plan.get("desiredCount").asInt()).isEqualTo(4);
        assertThat(plan.get("drainConcurrency").asInt()).isEqualTo(3);
        assertThat(plan.get("reason").asText()).isEqualTo("manual");
    }

    @Test
    void aHeldLeaseFailsPrepareWithAnErrorTheWorkflowDoesNotRetry() {
        when(lease.tryAcquire(any(), any(), any(), any())).thenReturn(false);
        assertThatThrownBy(() -> invoke(new Prepare(steps), PREPARE_INPUT)).isInstanceOf(LeaseHeldException.class);
    }

    @Test
    void anInvalidPayloadNamesTheField() {
        assertThatThrownBy(() -> invoke(new Prepare(steps), PREPARE_INPUT.replace("\"desiredCount\": 4", "\"desiredCount\": \"four\"")))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("desiredCount: must be a whole number, got the string \"four\"");
    }

    @Test
    void finalizeReleasesTheLeaseOnlyUnderItsOwnNameEvenAfterPrepareFailed() throws Exception {
        JsonNode result = invoke(new Finalize(steps), """
                {"executionName": "demo-rdp-20260101T1000Z",
                 "state": {"action": "scale-in", "cluster": "demo", "service": "rdp",
                           "failure": {"Error": "dev.sessionscaler.steps.LeaseHeldException", "Cause": "held"}}}""");

        verify(lease).release(RDP, "demo-rdp-20260101T1000Z");
        assertThat(result.get("outcome").asText()).isEqualTo("ABORTED");
        assertThat(result.at("/failure/Error").asText()).endsWith("LeaseHeldException");
    }
}
