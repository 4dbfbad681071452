package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.core.port.StepGrants;
import dev.sessionscaler.core.port.StepGrants.Permission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
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
 * The scale workflow: the Standard state machine defined by scale-workflow.asl.json, and one small
 * function per Task state, each allowed only what its step does. A workflow runs a few times an hour,
 * so its functions are nearly always cold: they use SnapStart and the state machine invokes their
 * published versions.
 */
public final class ScaleWorkflow extends Construct {
    /**
     * Each Task state with what its function is granted, defined beside the steps ({@link StepGrants}) and
     * enforced on every port call by every local run of the workflow. {@code STATE} is the state table: the lease
     * (taken, renewed in wait loops, released) and the ledger of marks, protection and stop records.
     */
    static final Map<String, Set<Permission>> STEPS = StepGrants.byState();

    /** The handler class of a Task state's function: one small class per state in scaler-steps. */
    static String handlerClass(String state) {
        return "dev.sessionscaler.steps.StepHandler$" + state;
    }

    public final StateMachine stateMachine;
    public final Map<String, Function> functions = new LinkedHashMap<>();

    public ScaleWorkflow(Construct scope, String id, DeploymentConfig config, SessionTables tables) {
        super(scope, id);
        Map<String, String> environment = Map.of("SERVICES", config.servicesJson(),
                "SESSION_TABLE", tables.sessions.getTableName(), "STATE_TABLE", tables.state.getTableName(),
                "LEASE_SECONDS", Integer.toString(config.leaseSeconds()),
                "DRAIN_CONCURRENCY", Integer.toString(config.drainConcurrency()));
        Map<String, String> substitutions = new LinkedHashMap<>();
        STEPS.forEach((state, needs) -> {
            Function function = JavaFunctions.create(this, state, "scaler-steps",
                    handlerClass(state) + "::handleRequest", 1024, Duration.seconds(60), environment, true);
            grant(function, needs, config, tables);
            functions.put(state, function);
            substitutions.put(state + "FunctionArn", function.getCurrentVersion().getFunctionArn());
        });
        LogGroup logs = LogGroup.Builder.create(this, "ExecutionLogs").retention(RetentionDays.THREE_MONTHS).build();
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(FunctionAssets.workflowDefinition()))
                .definitionSubstitutions(substitutions)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .tracingEnabled(true)
                .build();
        functions.values().forEach(f -> f.getCurrentVersion().grantInvoke(stateMachine));
    }

    private static void grant(Function function, Set<Permission> needs, DeploymentConfig config, SessionTables tables) {
        if (needs.contains(Permission.STATE)) {
            tables.state.grantReadWriteData(function);
        }
        if (needs.contains(Permission.READ_SESSIONS)) {
            tables.sessions.grantReadData(function);
        }
        if (needs.contains(Permission.READ_TARGETS)) {
            // the elasticloadbalancing Describe* actions have no resource-level permissions
            function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("elasticloadbalancing:DescribeTargetHealth",
                    "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes"))
                    .resources(List.of("*")).build());
        }
        for (ManagedService service : config.services()) {
            EcsArns arns = new EcsArns(function, service.ref());
            if (needs.contains(Permission.READ_ECS)) {
                function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:DescribeServices"))
                        .resources(List.of(arns.service())).build());
                function.addToRolePolicy(arns.clusterScoped(List.of("ecs:ListTasks"), List.of("*")));
                function.addToRolePolicy(arns.clusterScoped(List.of("ecs:DescribeTasks", "ecs:GetTaskProtection"), List.of(arns.tasks())));
            }
            if (needs.contains(Permission.SCALE_SERVICE)) {
                function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:UpdateService"))
                        .resources(List.of(arns.service())).build());
            }
            if (needs.contains(Permission.PROTECT_TASKS)) {
                function.addToRolePolicy(arns.clusterScoped(List.of("ecs:UpdateTaskProtection", "ecs:GetTaskProtection"),
                        List.of(arns.tasks())));
            }
            if (needs.contains(Permission.DEREGISTER)) {
                function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("elasticloadbalancing:DeregisterTargets"))
                        .resources(List.of(service.targetGroupArn())).build());
            }
            if (needs.contains(Permission.REGISTER)) {
                function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("elasticloadbalancing:RegisterTargets"))
                        .resources(List.of(service.targetGroupArn())).build());
            }
        }
    }
}
