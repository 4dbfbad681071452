package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.port.WorkflowStarter;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * Starts the scale workflow. Execution names are unique per state machine for 90 days, so starting a name twice
 * never makes a second execution: Step Functions either returns the running one (same input) or refuses with
 * ExecutionAlreadyExists. Either way the execution's status tells whether it still runs or has finished, which
 * decides whether a retried analyzer may keep the lease it re-took (safety issue, item 4).
 */
public final class StepFunctionsWorkflowStarter implements WorkflowStarter {
    /**
     * A step's Lambda may still run this long after its execution was stopped (the task functions time out after 60 s;
     * the margin covers their clients' last retries): until then the execution counts as {@code STOPPING}, still live.
     */
    static final Duration STEP_GRACE = Duration.ofSeconds(120);

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final Clock clock;

    public StepFunctionsWorkflowStarter(SfnClient sfn, String stateMachineArn, Clock clock) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.clock = clock;
    }

    /**
     * Step Functions answers a repeated start of a running execution with the same input as a success, so a success
     * means the execution runs now (started by this call or not); a closed one is refused with ExecutionAlreadyExists.
     */
    @Override
    public StartResult start(ScaleEvent event, String executionName) {
        try {
            sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(executionName).input(Json.write(event.payload())));
            return StartResult.STARTED;
        } catch (ExecutionAlreadyExistsException e) {
            return status(executionName).live() ? StartResult.ALREADY_RUNNING : StartResult.ALREADY_FINISHED;
        }
    }

    @Override
    public ExecutionStatus status(String executionName) {
        try {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn(executionName)));
            ExecutionStatus status = ExecutionStatus.valueOf(execution.statusAsString());
            boolean justStopped = !status.live() && execution.stopDate() != null
                    && clock.instant().isBefore(execution.stopDate().plus(STEP_GRACE));
            return justStopped ? ExecutionStatus.STOPPING : status;
        } catch (ExecutionDoesNotExistException e) {
            return ExecutionStatus.NOT_FOUND;
        } catch (IllegalArgumentException e) {
            return ExecutionStatus.RUNNING;  // a status this code does not know: doubt, so treat it as still running
        }
    }

    /** arn:aws:states:region:account:stateMachine:Name becomes arn:aws:states:region:account:execution:Name:executionName. */
    String executionArn(String executionName) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionName;
    }
}
