package dev.sessionscaler.core.port;

import dev.sessionscaler.core.model.ScaleEvent;

/** Starts the scale workflow and tells how an execution is doing (adapter: {@code StepFunctionsWorkflowStarter}). */
public interface WorkflowStarter {
    /** What starting an execution did. */
    enum StartResult { STARTED, ALREADY_RUNNING, ALREADY_FINISHED }

    /**
     * An execution's status, as Step Functions reports it; {@code NOT_FOUND} when there is no such execution, and
     * {@code STOPPING} for one that ended so recently that a step's Lambda may still be running: Step Functions does not
     * stop a running task when an execution is stopped, so its AWS calls may still land.
     */
    enum ExecutionStatus {
        RUNNING, STOPPING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE, NOT_FOUND;

        /** Still able to act on the service (a redrive may resume a failed execution, so it counts as live). */
        public boolean live() {
            return this == RUNNING || this == STOPPING || this == PENDING_REDRIVE;
        }
    }

    /**
     * Starts an execution with this name. Names are derived from service and decision time, so a retried
     * invocation finds the execution already there, running or finished.
     */
    StartResult start(ScaleEvent event, String executionName);

    ExecutionStatus status(String executionName);
}
