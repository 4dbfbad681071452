package dev.sessionscaler.sim.run;

/**
 * An <b>estimate</b> of what a policy's control plane costs a month, from what the run counted
 * ({@link ControlPlaneUsage}) scaled from the scenario's length to 30 days, at us-east-1 on-demand list prices.
 * It prices the scaler, not the ECS tasks (those are the task-minutes). Assumptions, also in the README:
 * <ul>
 * <li>Lambda: $0.20 per million requests and $0.0000166667 per GB-second; every function has 1 GB (as deployed),
 *     and runs for {@link #INGEST_SECONDS} s per batch, {@link #ANALYZER_SECONDS} s per analyzer run and
 *     {@link #STEP_SECONDS} s per workflow step (warm figures; cold starts are rare at once a minute).</li>
 * <li>Step Functions standard workflows: $0.025 per 1,000 state transitions.</li>
 * <li>DynamoDB on demand: $0.625 per million write and $0.125 per million read request units; a session event
 *     writes {@link #WRITE_UNITS_PER_EVENT} units (item and task aggregate in one transaction, see BENCHMARKS.md);
 *     an analyzer run reads 2 units and writes 3 (history, audit, lease); a workflow step writes 1.</li>
 * <li>API Gateway private REST API: $3.50 per million requests, one per session event.</li>
 * <li>SQS: $0.40 per million requests: the send from API Gateway, and a receive and a delete per batch.</li>
 * <li>CloudWatch: GetMetricData $0.01 per 1,000 metrics (3 a run); the analyzer's 6 EMF metrics $0.30 each a
 *     month; an alarm $0.10 a month (target tracking keeps two). Logs are not priced.</li>
 * </ul>
 */
public final class CostModel {
    static final double INGEST_SECONDS = 0.05;
    static final double ANALYZER_SECONDS = 0.4;
    static final double STEP_SECONDS = 0.1;
    static final double WRITE_UNITS_PER_EVENT = 4;
    private static final double LAMBDA_REQUEST = 0.20 / 1e6;
    private static final double LAMBDA_GB_SECOND = 0.0000166667;
    private static final double TRANSITION = 0.025 / 1000;
    private static final double WRITE_UNIT = 0.625 / 1e6;
    private static final double READ_UNIT = 0.125 / 1e6;
    private static final double API_REQUEST = 3.50 / 1e6;
    private static final double SQS_REQUEST = 0.40 / 1e6;
    private static final double METRIC_REQUESTED = 0.01 / 1000;
    private static final double EMF_METRICS_PER_MONTH = 6 * 0.30;
    private static final double ALARM_MONTH = 0.10;
    private static final double MINUTES_PER_MONTH = 30 * 24 * 60;

    private CostModel() {
    }

    /** US dollars a month for a run of {@code minutes} simulated minutes. */
    public static double monthlyUsd(ControlPlaneUsage u, int minutes) {
        double lambdaInvocations = u.ingestInvocations() + u.analyzerRuns() + u.stepInvocations();
        double gbSeconds = u.ingestInvocations() * INGEST_SECONDS + u.analyzerRuns() * ANALYZER_SECONDS
                + u.stepInvocations() * STEP_SECONDS;
        double lambda = lambdaInvocations * LAMBDA_REQUEST + gbSeconds * LAMBDA_GB_SECOND;
        double stepFunctions = u.stateTransitions() * TRANSITION;
        double dynamo = (u.sessionEvents() * WRITE_UNITS_PER_EVENT + u.analyzerRuns() * 3 + u.stepInvocations()) * WRITE_UNIT
                + u.analyzerRuns() * 2 * READ_UNIT;
        double ingress = u.sessionEvents() * (API_REQUEST + SQS_REQUEST) + u.ingestInvocations() * 2 * SQS_REQUEST;
        double metricsApi = u.analyzerRuns() * 3 * METRIC_REQUESTED;
        double perRun = lambda + stepFunctions + dynamo + ingress + metricsApi;
        double alarms = (double) u.alarmMinutes() / minutes;
        double fixed = (u.analyzerRuns() > 0 ? EMF_METRICS_PER_MONTH : 0) + alarms * ALARM_MONTH;
        return Math.round((perRun * MINUTES_PER_MONTH / minutes + fixed) * 100) / 100.0;
    }
}
