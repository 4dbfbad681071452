package dev.sessionscaler.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.JsonInput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** The whole stack, synthesized once: per-construct assertions and cdk-nag with no unsuppressed error. */
class SessionScalerStackTest {
    static SessionScalerStack stack;
    static Template template;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        stack = SessionScalerApp.stack(app, DeploymentConfig.fromFile(FunctionAssets.root().resolve("examples/deploy-config.json")));
        app.synth();
        template = Template.fromStack(stack);
    }

    @Test
    void cdkNagFindsNoUnsuppressedError() {
        List<SynthesisMessage> errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors.stream().map(e -> e.getId() + ": " + e.getEntry().getData()).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void tablesHavePitrTtlEncryptionAndOnDemandBilling() {
        template.resourceCountIs("AWS::DynamoDB::Table", 2);
        template.allResourcesProperties("AWS::DynamoDB::Table", Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "SSESpecification", Map.of("SSEEnabled", true)));
    }

    @Test
    void ingestQueueIsEncryptedWithADeadLetterQueueAndPartialBatchResponses() {
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", SessionIngest.MAX_RECEIVE_COUNT)))));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"), "BatchSize", 10));
        // enforced TLS on both queues
        template.resourceCountIs("AWS::SQS::QueuePolicy", 2);
    }

    @Test
    void theSessionEventsApiIsPrivateIamAuthorizedValidatedAndOnlyReachableThroughTheEndpoint() {
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Match.objectLike(Map.of(
                "EndpointConfiguration", Map.of("Types", List.of("PRIVATE")),
                "Policy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Condition", Match.objectLike(Map.of("StringNotEquals",
                                Match.objectLike(Map.of("aws:SourceVpce", Match.anyValue())))))))))))));
        template.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "POST", "AuthorizationType", "AWS_IAM", "RequestValidatorId", Match.anyValue())));
        template.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of(
                "TracingEnabled", true, "AccessLogSetting", Match.anyValue())));
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of("VpcEndpointType", "Interface")));
    }

    @Test
    void theAnalyzerRunsEveryMinuteAndMayStartOnlyTheWorkflow() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of("ScheduleExpression", "rate(1 minute)")));
        String analyzerPolicy = template.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("AnalyzerFunctionServiceRoleDefaultPolicy")).findFirst().orElseThrow()
                .getValue().toString();
        assertThat(analyzerPolicy).contains("states:StartExecution", "WorkflowStateMachine")
                .doesNotContain("ecs:UpdateService", "ecs:UpdateTaskProtection", "elasticloadbalancing:DeregisterTargets");
    }

    @Test
    void everyFunctionIsJava21OnArm64WithTracing() {
        int functions = template.findResources("AWS::Lambda::Function").size();
        assertThat(functions).as("ingest, analyzer and one per workflow task state").isGreaterThanOrEqualTo(2 + ScaleWorkflow.STEPS.size());
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "java21", "Architectures", List.of("arm64"), "TracingConfig", Map.of("Mode", "Active"),
                "Handler", "dev.sessionscaler.steps.StepHandler$SafeStop::handleRequest")));
    }

    @Test
    void ecsAndElbWritesAreScopedToTheConfiguredServiceAndTargetGroup() {
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("ecs:UpdateService", "ecs:UpdateTaskProtection", "elasticloadbalancing:DeregisterTargets",
                "targetgroup/rdp-gateway/0123456789abcdef", ":service/demo/rdp", ":task/demo/*", "ecs:cluster");
        assertThat(policies).doesNotContain("\"ecs:*\"", "\"elasticloadbalancing:*\"");
    }

    @Test
    void theWorkflowIsTheAslFileWithEveryFunctionSubstitutedLoggedAndTraced() {
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                "StateMachineType", "STANDARD", "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL")))));
        Map<String, Object> machine = template.findResources("AWS::StepFunctions::StateMachine").values().iterator().next();
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) machine.get("Properties");
        assertThat(properties).as("the definition file is deployed as is, as an asset").containsKey("DefinitionS3Location");
        @SuppressWarnings("unchecked")
        Map<String, Object> substitutions = (Map<String, Object>) properties.get("DefinitionSubstitutions");
        assertThat(substitutions.keySet()).containsExactlyInAnyOrderElementsOf(
                ScaleWorkflow.STEPS.keySet().stream().map(state -> state + "FunctionArn").toList());
    }

    @Test
    void workflowFunctionsUseSnapStartAndTheStateMachineInvokesTheirVersions() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sessionscaler.steps.StepHandler$Prepare::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"))));
        template.resourceCountIs("AWS::Lambda::Version", ScaleWorkflow.STEPS.size() + 1);
        Map<String, Object> machine = template.findResources("AWS::StepFunctions::StateMachine").values().iterator().next();
        assertThat(machine.get("Properties").toString()).contains("PrepareFunctionArn={Ref=WorkflowPrepareCurrentVersion");
    }

    @Test
    void ingestUsesSnapStartAndItsQueueFeedsThePublishedVersion() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sessionscaler.ingest.SessionIngestHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"))));
        Map<String, Object> mapping = template.findResources("AWS::Lambda::EventSourceMapping").values().iterator().next();
        // the function's name qualified with the published version's number
        assertThat(mapping.get("Properties").toString()).containsPattern("FunctionName=\\{Fn::Join=.*IngestFunctionCurrentVersion\\w*, Version]");
    }

    @Test
    void alarmsCoverDeadLettersFailuresAnalyzerErrorsAndBlockedScaleIns() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "ops@example.com",
                "TopicArn", Match.anyValue()));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    @Test
    void configurationErrorsNameTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentConfig.fromJson(JsonInput.parseObject(
                "{\"services\": [{\"cluster\": \"demo\", \"service\": \"rdp\", \"config\": {\"minTasks\": 1, \"maxTasks\": 2, \"sessionsPerTask\": 1}}]}")))
                .hasMessage("services[0].targetGroupArn: is required: the workflow drains tasks from it");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentConfig.fromFile(Path.of("missing.json")))
                .hasMessage("config: no such file: missing.json");
    }
}
