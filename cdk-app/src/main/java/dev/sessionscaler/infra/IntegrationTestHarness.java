package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import dev.sessionscaler.core.config.ManagedService;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The in-account integration test, deployed only with {@code cdk deploy -c integrationTest=true}: the testing state
 * machine ({@code integration-test.asl.json}) and its one task function. The function may pause the analyzer (the
 * state table), set the managed services' desired counts, read their tasks and targets, read the session table, send
 * session events to the queue, and read the scale state machine's executions; the state machine may invoke it and run
 * the scale state machine synchronously. Ingest accepts the function's events for any task of a test service, and only
 * those (see {@code SenderBinding}); everything here is scoped to the services marked {@code testService}.
 */
public final class IntegrationTestHarness extends Construct {
    public final StateMachine stateMachine;
    public final Function function;

    /**
     * The function's role, made before the ingest construct: the queue's policy lets it send and ingest trusts its events
     * (both need its ARN or id). Logs only, as every function's; the construct adds the rest.
     */
    static Role role(Construct scope, String id) {
        return Role.Builder.create(scope, id).assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaBasicExecutionRole")))
                .build();
    }

    public IntegrationTestHarness(Construct scope, String id, DeploymentConfig config, SessionTables tables, SessionIngest ingest,
                                  StateMachine scale, Role role) {
        super(scope, id);
        if (config.testServices().isEmpty()) {
            throw new IllegalArgumentException("-c integrationTest=true: no service is marked \"testService\": true; the harness"
                    + " drives only test services (their tasks report no sessions of their own)");
        }
        function = JavaFunctions.create(this, "Function", "integration-harness",
                "dev.sessionscaler.harness.IntegrationTestHandler::handleRequest", 1024, Duration.seconds(60),
                Map.of("SERVICES", config.testServicesJson(), "SESSION_TABLE", tables.sessions.getTableName(),
                        "STATE_TABLE", tables.state.getTableName(), "SESSION_QUEUE_URL", ingest.queue.getQueueUrl(),
                        "SCALE_STATE_MACHINE_ARN", scale.getStateMachineArn()), role);
        // both tables, only the test services' items: their pk is SVC#<cluster>#<service> in each (the pause and the lease
        // in the state table, the task aggregates in the session table)
        List<String> testKeys = config.testServices().stream()
                .map(s -> "SVC#" + s.ref().cluster() + "#" + s.ref().service()).toList();
        Map<String, Object> onlyTestServices = Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", testKeys));
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"))
                .resources(List.of(tables.state.getTableArn())).conditions(onlyTestServices).build());
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("dynamodb:Query"))
                .resources(List.of(tables.sessions.getTableArn())).conditions(onlyTestServices).build());
        ingest.queue.grantSendMessages(function);
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("states:DescribeExecution"))
                .resources(List.of(executionsOf(scale))).build());
        // the elasticloadbalancing Describe* actions have no resource-level permissions
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("elasticloadbalancing:DescribeTargetHealth"))
                .resources(List.of("*")).build());
        for (ManagedService service : config.testServices()) {
            EcsArns arns = new EcsArns(function, service.ref());
            function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:DescribeServices", "ecs:UpdateService"))
                    .resources(List.of(arns.service())).build());
            function.addToRolePolicy(arns.clusterScoped(List.of("ecs:ListTasks"), List.of("*")));
            function.addToRolePolicy(arns.clusterScoped(List.of("ecs:DescribeTasks"), List.of(arns.tasks())));
        }

        LogGroup logs = LogGroup.Builder.create(this, "ExecutionLogs").retention(RetentionDays.ONE_MONTH).build();
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(FunctionAssets.integrationTestDefinition()))
                .definitionSubstitutions(Map.of("IntegrationTestFunctionArn", function.getFunctionArn(),
                        "ScaleStateMachineArn", scale.getStateMachineArn()))
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .tracingEnabled(true)
                .build();
        function.grantInvoke(stateMachine);
        scale.grantStartExecution(stateMachine);
        // startExecution.sync:2 follows the child execution with an EventBridge rule Step Functions manages
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("states:DescribeExecution", "states:StopExecution"))
                .resources(List.of(executionsOf(scale))).build());
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder().service("events").resource("rule")
                        .resourceName("StepFunctionsGetEventsForStepFunctionsExecutionRule").build()))).build());
    }

    /** Every execution of {@code machine}: arn:aws:states:REGION:ACCOUNT:execution:NAME:*. */
    private String executionsOf(StateMachine machine) {
        String name = Arn.split(machine.getStateMachineArn(), ArnFormat.COLON_RESOURCE_NAME).getResourceName();
        return Stack.of(this).formatArn(ArnComponents.builder().service("states").resource("execution")
                .resourceName(name + ":*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }
}
