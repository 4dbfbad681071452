package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.port.WorkflowStarter;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts the scale workflow. Execution names are unique per state machine for 90 days, so starting a
 * name twice never makes a second execution: Step Functions either returns the running one (same
 * input) or refuses with ExecutionAlreadyExists, which this reports as "not started by this call".
 */
public final class StepFunctionsWorkflowStarter implements WorkflowStarter {
    private final SfnClient sfn;
    private final String stateMachineArn;

    public StepFunctionsWorkflowStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public boolean start(ScaleEvent event, String executionName) {
        try {
            sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(executionName).input(Json.write(event.payload())));
            return true;
        } catch (ExecutionAlreadyExistsException e) {
            return false;
        }
    }
}
