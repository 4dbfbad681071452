package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import dev.sessionscaler.core.config.ManagedService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms (dead-lettered events, failed executions, analyzer errors, services the analyzer did not decide, sessions
 * blocking scale-in) and a dashboard.
 */
public final class Observability extends Construct {
    public final Topic alarms;
    public final List<Alarm> all = new ArrayList<>();

    public Observability(Construct scope, String id, DeploymentConfig config, SessionIngest ingest, AnalyzerSchedule analyzer,
                         ScaleWorkflow workflow) {
        super(scope, id);
        alarms = Topic.Builder.create(this, "Alarms").masterKey(Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"))
                .enforceSsl(true).build();
        if (config.alarmEmail() != null) {
            alarms.addSubscription(new EmailSubscription(config.alarmEmail()));
        }
        alarm("DeadLetteredEvents", "Session events were rejected and kept in the dead-letter queue; see the ingest logs",
                ingest.deadLetterQueue.metricApproximateNumberOfMessagesVisible(), 1, 1);
        alarm("FailedExecutions", "A scale workflow failed; it undid what it started and released the lease",
                workflow.stateMachine.metricFailed(), 1, 1);
        alarm("AnalyzerErrors", "The analyzer failed in 3 minutes running: nothing is being scaled",
                analyzer.function.metricErrors(), 1, 3);
        alarm("ServicesNotDecided", "The analyzer left services undecided (late or failed) in 5 minutes running: raise "
                        + "analyzer.concurrency or the request budgets, or see the analyzer logs for the reason",
                Metric.Builder.create().namespace("SessionScaler").metricName("ServicesNotDecided").statistic("Maximum")
                        .period(Duration.minutes(1)).build(), 1, 5);
        List<IMetric> blocked = new ArrayList<>();
        List<IMetric> sessions = new ArrayList<>();
        List<IMetric> tasks = new ArrayList<>();
        for (ManagedService service : config.services()) {
            Map<String, String> dims = Map.of("Cluster", service.ref().cluster(), "Service", service.ref().service());
            Metric blockedScaleIns = metric("BlockedScaleIns", dims, "Sum");
            blocked.add(blockedScaleIns);
            sessions.add(metric("ActiveSessions", dims, "Average"));
            tasks.add(metric("DesiredTasks", dims, "Average"));
            alarm("BlockedScaleIns" + all.size(), "Sessions have blocked every scale-in of " + service.ref().key()
                    + " for 30 minutes: idle capacity is spread over busy tasks", blockedScaleIns, 1, 30);
        }
        Dashboard.Builder.create(this, "Dashboard").widgets(List.of(List.of(
                GraphWidget.Builder.create().title("Active sessions").left(sessions).build(),
                GraphWidget.Builder.create().title("Desired tasks").left(tasks).build(),
                GraphWidget.Builder.create().title("Blocked scale-ins").left(blocked).build(),
                GraphWidget.Builder.create().title("Workflow executions").left(List.of(workflow.stateMachine.metricSucceeded(),
                        workflow.stateMachine.metricFailed(), workflow.stateMachine.metricAborted())).build(),
                GraphWidget.Builder.create().title("Dead-lettered events").left(List.of(
                        ingest.deadLetterQueue.metricApproximateNumberOfMessagesVisible())).build()))).build();
    }

    private static Metric metric(String name, Map<String, String> dims, String statistic) {
        return Metric.Builder.create().namespace("SessionScaler").metricName(name).dimensionsMap(dims)
                .statistic(statistic).period(Duration.minutes(1)).build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id).alarmDescription(description).metric(metric).threshold(threshold)
                .evaluationPeriods(periods).datapointsToAlarm(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        alarm.addAlarmAction(new SnsAction(alarms));
        all.add(alarm);
    }
}
