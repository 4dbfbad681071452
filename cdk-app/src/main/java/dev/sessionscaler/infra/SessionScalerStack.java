package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/** Session Scaler: composes one construct per concern; every cdk-nag suppression says why. */
public final class SessionScalerStack extends Stack {
    public final SessionTables tables;
    public final SessionIngest ingest;
    public final ScaleWorkflow workflow;
    public final AnalyzerSchedule analyzer;
    public final Observability observability;
    /** Null unless deployed with {@code -c integrationTest=true}. */
    public final IntegrationTestHarness integrationTest;

    public SessionScalerStack(Construct scope, String id, StackProps props, DeploymentConfig config) {
        this(scope, id, props, config, false);
    }

    /** @param integrationTest with the in-account integration test (README, "Integration test in your account") */
    public SessionScalerStack(Construct scope, String id, StackProps props, DeploymentConfig config, boolean integrationTest) {
        super(scope, id, props);
        tables = new SessionTables(this, "Tables");
        PrivateApiEndpoint endpoint = new PrivateApiEndpoint(this, "ApiEndpoint", config.vpc());
        String managed = config.services().stream().map(s -> s.ref().key()).collect(Collectors.joining(","));
        Role harnessRole = integrationTest ? IntegrationTestHarness.role(this, "IntegrationTestRole") : null;
        ingest = new SessionIngest(this, "Ingest", tables, endpoint.endpoint, managed, config, harnessRole);
        workflow = new ScaleWorkflow(this, "Workflow", config, tables);
        analyzer = new AnalyzerSchedule(this, "Analyzer", config, tables, workflow.stateMachine);
        observability = new Observability(this, "Observability", config, ingest, analyzer, workflow);
        CfnOutput.Builder.create(this, "SessionEventsUrl").value(ingest.api.urlForPath("/events"))
                .description("POST session events here (SigV4, through the VPC endpoint)").build();
        CfnOutput.Builder.create(this, "SessionEventsQueueUrl").value(ingest.queue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "StateMachineArn").value(workflow.stateMachine.getStateMachineArn()).build();
        this.integrationTest = integrationTest ? new IntegrationTestHarness(this, "IntegrationTest", config, tables, ingest,
                workflow.stateMachine, harnessRole) : null;
        if (integrationTest) {
            CfnOutput.Builder.create(this, "IntegrationTestStateMachineArn").value(this.integrationTest.stateMachine.getStateMachineArn())
                    .description("session-scaler integration-test --state-machine-arn <this> --scenario NAME").build();
        }
        suppressWithReasons();
    }

    private void suppressWithReasons() {
        NagSuppressions.addStackSuppressions(this, List.of(
                suppress("AwsSolutions-IAM4", "AWSLambdaBasicExecutionRole (CloudWatch Logs only) for the functions, and the "
                        + "account-level API Gateway logging role's AmazonAPIGatewayPushToCloudWatchLogs: AWS's minimal managed policies"),
                suppress("AwsSolutions-IAM5", "Wildcards only where the API has no narrower resource: task ARNs are unknown in advance "
                        + "(limited to the managed cluster with the ecs:cluster condition), ecs:ListTasks, cloudwatch:GetMetricData and "
                        + "elasticloadbalancing:Describe* support no resource-level permissions; grant*-generated statements "
                        + "cover table indexes, function versions and X-Ray"),
                suppress("AwsSolutions-COG4", "Callers are tasks in the VPC using their IAM task role (SigV4), not Cognito users")));
    }

    private static NagPackSuppression suppress(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
