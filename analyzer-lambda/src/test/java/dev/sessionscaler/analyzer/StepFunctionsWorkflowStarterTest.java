package dev.sessionscaler.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.port.WorkflowStarter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

@SuppressWarnings("unchecked")
class StepFunctionsWorkflowStarterTest {
    private final SfnClient sfn = mock(SfnClient.class);
    private final StepFunctionsWorkflowStarter starter = new StepFunctionsWorkflowStarter(sfn, "arn:aws:states:us-east-1:123456789012:stateMachine:scale",
            java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T10:00:00Z"), java.time.ZoneOffset.UTC));

    @Test
    void startsWithTheDocumentedPayloadAndName() throws Exception {
        AtomicReference<StartExecutionRequest> sent = new AtomicReference<>();
        when(sfn.startExecution(any(Consumer.class))).thenAnswer(inv -> {
            StartExecutionRequest.Builder b = StartExecutionRequest.builder();
            ((Consumer<StartExecutionRequest.Builder>) inv.getArgument(0)).accept(b);
            sent.set(b.build());
            return StartExecutionResponse.builder().build();
        });

        var started = starter.start(new ScaleEvent.ScaleIn("demo", "rdp", List.of("arn:t1"), "SCALE_IN_IDLE"), "demo-rdp-20260101T1000Z");

        assertThat(started).isEqualTo(WorkflowStarter.StartResult.STARTED);
        assertThat(sent.get().name()).isEqualTo("demo-rdp-20260101T1000Z");
        assertThat(sent.get().stateMachineArn()).endsWith(":stateMachine:scale");
        JsonNode input = Json.MAPPER.readTree(sent.get().input());
        assertThat(input.get("action").asText()).isEqualTo("scale-in");
        assertThat(input.get("tasks").get(0).asText()).isEqualTo("arn:t1");
        assertThat(input.get("cluster").asText()).isEqualTo("demo");
        assertThat(input.get("reason").asText()).isEqualTo("SCALE_IN_IDLE");
    }

    @Test
    void anExistingExecutionOfThatNameIsReportedAsRunningOrFinishedByItsStatus() {
        when(sfn.startExecution(any(Consumer.class))).thenThrow(ExecutionAlreadyExistsException.builder().message("exists").build());
        AtomicReference<String> described = new AtomicReference<>();
        when(sfn.describeExecution(any(Consumer.class))).thenAnswer(inv -> {
            var b = software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest.builder();
            ((Consumer<software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest.Builder>) inv.getArgument(0)).accept(b);
            described.set(b.build().executionArn());
            return software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse.builder().status("SUCCEEDED").build();
        });

        assertThat(starter.start(new ScaleEvent.ScaleOut("demo", "rdp", 5, "x"), "demo-rdp-20260101T1000Z"))
                .isEqualTo(WorkflowStarter.StartResult.ALREADY_FINISHED);
        assertThat(described.get()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:scale:demo-rdp-20260101T1000Z");

        when(sfn.describeExecution(any(Consumer.class))).thenReturn(
                software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse.builder().status("RUNNING").build());
        assertThat(starter.start(new ScaleEvent.ScaleOut("demo", "rdp", 5, "x"), "demo-rdp-20260101T1000Z"))
                .isEqualTo(WorkflowStarter.StartResult.ALREADY_RUNNING);
    }

    @Test
    void anExecutionStoppedMomentsAgoStillCountsAsLiveItsLastStepMayBeRunning() {
        // review finding: Step Functions does not stop a running Lambda when an execution is stopped
        when(sfn.describeExecution(any(Consumer.class))).thenReturn(software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse
                .builder().status("ABORTED").stopDate(java.time.Instant.parse("2026-01-01T09:59:00Z")).build());
        assertThat(starter.status("x")).isEqualTo(WorkflowStarter.ExecutionStatus.STOPPING);
        assertThat(WorkflowStarter.ExecutionStatus.STOPPING.live()).isTrue();
        when(sfn.describeExecution(any(Consumer.class))).thenReturn(software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse
                .builder().status("ABORTED").stopDate(java.time.Instant.parse("2026-01-01T09:57:59Z")).build());
        assertThat(starter.status("x")).isEqualTo(WorkflowStarter.ExecutionStatus.ABORTED);
    }

    @Test
    void aMissingExecutionIsNotFound() {
        when(sfn.describeExecution(any(Consumer.class))).thenThrow(
                software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException.builder().message("no").build());
        assertThat(starter.status("gone")).isEqualTo(WorkflowStarter.ExecutionStatus.NOT_FOUND);
    }
}
