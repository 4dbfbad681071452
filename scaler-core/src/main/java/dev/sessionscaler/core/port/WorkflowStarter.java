package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ScaleEvent;

/** Starts the scale workflow (adapter: {@code StepFunctionsWorkflowStarter}). */
public interface WorkflowStarter {
    /**
     * Starts an execution with this name. Names are derived from service and decision time, so a
     * retried invocation finds the execution already there.
     *
     * @return true if this call started it, false if an execution of that name already existed
     */
    boolean start(ScaleEvent event, String executionName);
}
