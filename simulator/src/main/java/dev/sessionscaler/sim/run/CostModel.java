package dev.sessionscaler.sim.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An <b>estimate</b> of what a policy's control plane costs a month, by component, from what the run counted
 * ({@link ControlPlaneUsage}) scaled from the scenario's length to 30 days, at us-east-1 on-demand list prices. It prices
 * the scaler, not the ECS tasks (those are the task-minutes). Counted: session events and the SQS requests they make,
 * function invocations, state transitions, analyzer runs and the metrics they request, and DynamoDB request units from
 * the sizes of the items written and read ({@link DynamoDbUnits}). Assumed (not measurable here), also in the README:
 * <ul>
 * <li>Lambda: $0.20 per million requests and $0.0000166667 per GB-second at the deployed 1 GB, running
 *     {@link #INGEST_SECONDS} s per batch, {@link #ANALYZER_SECONDS} s per analyzer run and {@link #STEP_SECONDS} s per
 *     workflow step (warm figures).</li>
 * <li>Step Functions standard workflows: $0.025 per 1,000 state transitions.</li>
 * <li>DynamoDB on demand: $0.625 per million write and $0.125 per million read request units.</li>
 * <li>SQS: $0.40 per million requests (a send per event, a receive and a delete per batch, and the event source's idle
 *     long polls: {@link #IDLE_RECEIVES_PER_MINUTE} a minute).</li>
 * <li>CloudWatch: GetMetricData $0.01 per 1,000 metrics requested (counted); $0.30 per custom metric a month, prorated
 *     by the hours in which it gets data (counted from the analyzer's EMF lines: {@link CustomMetricHours}); $0.10 per
 *     alarm a month (target tracking keeps two; the stack five for one service).</li>
 * <li>API Gateway private REST API: $3.50 per million requests, one per session event: only if reporters send through
 *     the API instead of straight to the queue ({@link Breakdown#apiGatewayIfUsed}).</li>
 * </ul>
 */
public final class CostModel {
    static final double INGEST_SECONDS = 0.05;
    static final double ANALYZER_SECONDS = 0.4;
    static final double STEP_SECONDS = 0.1;
    /** Lambda's SQS event source long-polls with 5 pollers at first, each receive waiting up to 20 s. */
    static final int IDLE_RECEIVES_PER_MINUTE = 15;
    private static final double LAMBDA_REQUEST = 0.20 / 1e6;
    private static final double LAMBDA_GB_SECOND = 0.0000166667;
    private static final double TRANSITION = 0.025 / 1000;
    private static final double WRITE_UNIT = 0.625 / 1e6;
    private static final double READ_UNIT = 0.125 / 1e6;
    private static final double API_REQUEST = 3.50 / 1e6;
    private static final double SQS_REQUEST = 0.40 / 1e6;
    private static final double METRIC_REQUESTED = 0.01 / 1000;
    private static final double MINUTES_PER_MONTH = 30 * 24 * 60;
    private static final double CUSTOM_METRIC_HOUR = 0.30 / (MINUTES_PER_MONTH / 60);
    private static final double ALARM_MINUTE = 0.10 / MINUTES_PER_MONTH;

    /**
     * US dollars a month per component. {@link #total} is the bill with reporters sending straight to the queue (the
     * cheaper ingress); {@code apiGatewayIfUsed} is what the private API would add on top.
     */
    public record Breakdown(double sqs, double lambda, double dynamoDb, double stepFunctions, double cloudWatch,
                            double apiGatewayIfUsed) {
        public double total() {
            return round(sqs + lambda + dynamoDb + stepFunctions + cloudWatch);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("sqs", sqs);
            map.put("lambda", lambda);
            map.put("dynamoDb", dynamoDb);
            map.put("stepFunctions", stepFunctions);
            map.put("cloudWatch", cloudWatch);
            map.put("total", total());
            map.put("apiGatewayIfUsed", apiGatewayIfUsed);
            return map;
        }
    }

    private CostModel() {
    }

    /** US dollars a month for a run of {@code minutes} simulated minutes, with reporters sending straight to the queue. */
    public static double monthlyUsd(ControlPlaneUsage u, int minutes) {
        return breakdown(u, minutes).total();
    }

    public static Breakdown breakdown(ControlPlaneUsage u, int minutes) {
        double scale = MINUTES_PER_MONTH / minutes;
        double invocations = u.ingestInvocations() + u.analyzerRuns() + u.stepInvocations();
        double gbSeconds = u.ingestInvocations() * INGEST_SECONDS + u.analyzerRuns() * ANALYZER_SECONDS + u.stepInvocations() * STEP_SECONDS;
        double lambda = (invocations * LAMBDA_REQUEST + gbSeconds * LAMBDA_GB_SECOND) * scale;
        double stepFunctions = u.stateTransitions() * TRANSITION * scale;
        double dynamoDb = (u.dynamoWriteUnits() * WRITE_UNIT + u.dynamoReadUnits() * READ_UNIT) * scale;
        double sqs = u.sqsRequests() * SQS_REQUEST * scale;
        double cloudWatch = (u.metricsRequested() * METRIC_REQUESTED + u.customMetricHours() * CUSTOM_METRIC_HOUR
                + u.alarmMinutes() * ALARM_MINUTE) * scale;
        double api = u.sessionEvents() * API_REQUEST * scale;
        return new Breakdown(round(sqs), round(lambda), round(dynamoDb), round(stepFunctions), round(cloudWatch), round(api));
    }

    private static double round(double usd) {
        return Math.round(usd * 100) / 100.0;
    }
}
