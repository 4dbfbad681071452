package dev.sessionscaler.sim.run;

/**
 * What a policy's control plane did during a run, counted as it happened; {@link CostModel} prices it.
 *
 * @param sessionEvents       session events sent through SQS to the ingest function
 * @param ingestInvocations   ingest function invocations (SQS batches)
 * @param analyzerRuns        analyzer invocations (one a minute)
 * @param stepInvocations     workflow Task states run (one step function invocation each)
 * @param stateTransitions    Step Functions state transitions
 * @param workflowExecutions  workflow executions started
 * @param alarmMinutes        minutes of CloudWatch alarms kept: by Application Auto Scaling for target tracking, by the
 *                            stack for Session Scaler
 * @param metricsRequested    metrics the analyzer's GetMetricData calls asked for (CloudWatch bills each)
 * @param customMetricHours   custom metrics times the hours in which each got data (CloudWatch prorates by the hour)
 * @param cordons             tasks taken out of the load balancer while they kept their sessions (cordoned)
 * @param readmissions        cordoned tasks put back into the load balancer
 * @param sqsRequests         SQS requests: a send per session event, a receive and a delete per ingest batch, and the
 *                            event source's idle long polls
 * @param dynamoWriteUnits    DynamoDB write request units, from the sizes of the items written ({@link DynamoDbUnits})
 * @param dynamoReadUnits     DynamoDB read request units, likewise
 */
public record ControlPlaneUsage(long sessionEvents, long ingestInvocations, long analyzerRuns, long stepInvocations,
                                long stateTransitions, long workflowExecutions, long alarmMinutes, long cordons,
                                long readmissions, long sqsRequests, double dynamoWriteUnits, double dynamoReadUnits,
                                long metricsRequested, long customMetricHours) {
    public static final ControlPlaneUsage NONE = new ControlPlaneUsage(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
