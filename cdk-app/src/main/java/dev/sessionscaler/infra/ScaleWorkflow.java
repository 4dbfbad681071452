package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.ManagedService;
import java.util.EnumSet;
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
     * What a step may touch. {@code STATE} is the state table: the lease (taken, renewed in wait loops, released) and
     * the ledger of marks, protection and stop records.
     */
    enum Can { READ_ECS, SCALE_SERVICE, PROTECT_TASKS, DEREGISTER, REGISTER, READ_TARGETS, READ_SESSIONS, STATE }

    /** Every Task state of the definition and what its step needs. */
    static final Map<String, Set<Can>> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("Prepare", EnumSet.of(Can.STATE));
        STEPS.put("ScaleOut", EnumSet.of(Can.READ_ECS, Can.READ_SESSIONS, Can.SCALE_SERVICE, Can.REGISTER, Can.STATE));
        STEPS.put("VerifyVictims", EnumSet.of(Can.READ_ECS, Can.READ_SESSIONS, Can.STATE));
        STEPS.put("MarkDraining", EnumSet.of(Can.STATE));
        STEPS.put("Deregister", EnumSet.of(Can.DEREGISTER, Can.READ_TARGETS, Can.STATE));
        STEPS.put("CheckDrain", EnumSet.of(Can.READ_ECS, Can.READ_SESSIONS, Can.READ_TARGETS, Can.STATE));
        STEPS.put("Reregister", EnumSet.of(Can.REGISTER, Can.STATE));
        STEPS.put("PlanStop", EnumSet.of(Can.READ_ECS, Can.READ_SESSIONS, Can.REGISTER, Can.STATE));
        STEPS.put("ProtectOthers", EnumSet.of(Can.READ_ECS, Can.PROTECT_TASKS, Can.STATE));
        STEPS.put("LowerDesired", EnumSet.of(Can.READ_ECS, Can.READ_SESSIONS, Can.PROTECT_TASKS, Can.SCALE_SERVICE, Can.REGISTER, Can.STATE));
        STEPS.put("ConfirmStopped", EnumSet.of(Can.READ_ECS, Can.STATE));
        STEPS.put("ReleaseProtection", EnumSet.of(Can.READ_ECS, Can.PROTECT_TASKS, Can.SCALE_SERVICE, Can.REGISTER, Can.STATE));
        STEPS.put("Recover", EnumSet.of(Can.READ_ECS, Can.PROTECT_TASKS, Can.SCALE_SERVICE, Can.REGISTER, Can.STATE));
        STEPS.put("Cordon", EnumSet.of(Can.READ_ECS, Can.READ_SESSIONS, Can.DEREGISTER, Can.READ_TARGETS, Can.STATE));
        STEPS.put("Readmit", EnumSet.of(Can.READ_ECS, Can.READ_SESSIONS, Can.REGISTER, Can.STATE));
        STEPS.put("VerifyRetire", EnumSet.of(Can.READ_ECS, Can.READ_SESSIONS, Can.READ_TARGETS, Can.STATE));
        STEPS.put("Finalize", EnumSet.of(Can.STATE));
    }

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

    private static void grant(Function function, Set<Can> needs, DeploymentConfig config, SessionTables tables) {
        if (needs.contains(Can.STATE)) {
            tables.state.grantReadWriteData(function);
        }
        if (needs.contains(Can.READ_SESSIONS)) {
            tables.sessions.grantReadData(function);
        }
        if (needs.contains(Can.READ_TARGETS)) {
            // the elasticloadbalancing Describe* actions have no resource-level permissions
            function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("elasticloadbalancing:DescribeTargetHealth",
                    "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes"))
                    .resources(List.of("*")).build());
        }
        for (ManagedService service : config.services()) {
            EcsArns arns = new EcsArns(function, service.ref());
            if (needs.contains(Can.READ_ECS)) {
                function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:DescribeServices"))
                        .resources(List.of(arns.service())).build());
                function.addToRolePolicy(arns.clusterScoped(List.of("ecs:ListTasks"), List.of("*")));
                function.addToRolePolicy(arns.clusterScoped(List.of("ecs:DescribeTasks", "ecs:GetTaskProtection"), List.of(arns.tasks())));
            }
            if (needs.contains(Can.SCALE_SERVICE)) {
                function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:UpdateService"))
                        .resources(List.of(arns.service())).build());
            }
            if (needs.contains(Can.PROTECT_TASKS)) {
                function.addToRolePolicy(arns.clusterScoped(List.of("ecs:UpdateTaskProtection", "ecs:GetTaskProtection"),
                        List.of(arns.tasks())));
            }
            if (needs.contains(Can.DEREGISTER)) {
                function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("elasticloadbalancing:DeregisterTargets"))
                        .resources(List.of(service.targetGroupArn())).build());
            }
            if (needs.contains(Can.REGISTER)) {
                function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("elasticloadbalancing:RegisterTargets"))
                        .resources(List.of(service.targetGroupArn())).build());
            }
        }
    }
}
