package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import dev.sessionscaler.core.config.ManagedService;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/** The analyzer, every minute: reads ECS, CloudWatch and the session store, decides, starts the workflow. */
public final class AnalyzerSchedule extends Construct {
    public final Function function;
    public final Rule rule;

    public AnalyzerSchedule(Construct scope, String id, DeploymentConfig config, SessionTables tables, IStateMachine workflow) {
        super(scope, id);
        function = JavaFunctions.create(this, "Function", "analyzer-lambda",
                "dev.sessionscaler.analyzer.AnalyzerHandler::handleRequest", 1024, Duration.seconds(50),
                Map.of("SERVICES", config.servicesJson(), "SESSION_TABLE", tables.sessions.getTableName(),
                        "STATE_TABLE", tables.state.getTableName(), "STATE_MACHINE_ARN", workflow.getStateMachineArn(),
                        "LEASE_SECONDS", Integer.toString(config.leaseSeconds()),
                        "ANALYZER_CONCURRENCY", Integer.toString(config.analyzer().concurrency()),
                        "ECS_READS_PER_SECOND", Integer.toString(config.analyzer().ecsReadsPerSecond()),
                        "METRIC_READS_PER_SECOND", Integer.toString(config.analyzer().metricReadsPerSecond())));
        // reads aggregates and purges the sessions of tasks ECS no longer runs
        tables.sessions.grantReadWriteData(function);
        tables.state.grantReadWriteData(function);
        workflow.grantStartExecution(function);
        // the reconciliation asks whether the execution holding a lease still runs (invariant 10)
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("states:DescribeExecution"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder().service("states").resource("execution")
                        .resourceName(Fn.select(6, Fn.split(":", workflow.getStateMachineArn())) + ":*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))).build());
        for (ManagedService service : config.services()) {
            EcsArns arns = new EcsArns(this, service.ref());
            function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:DescribeServices"))
                    .resources(List.of(arns.service())).build());
            function.addToRolePolicy(arns.clusterScoped(List.of("ecs:ListTasks"), List.of("*")));
            function.addToRolePolicy(arns.clusterScoped(List.of("ecs:DescribeTasks", "ecs:GetTaskProtection"), List.of(arns.tasks())));
        }
        // the cordon deadline comes from the target group's settings; the Describe* actions have no resource-level permissions
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetGroupAttributes")).resources(List.of("*")).build());
        // GetMetricData has no resource-level permissions
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("cloudwatch:GetMetricData"))
                .resources(List.of("*")).build());
        rule = Rule.Builder.create(this, "EveryMinute").schedule(Schedule.rate(Duration.minutes(1)))
                .targets(List.of(LambdaFunction.Builder.create(function).retryAttempts(2).maxEventAge(Duration.minutes(2)).build()))
                .build();
    }
}
