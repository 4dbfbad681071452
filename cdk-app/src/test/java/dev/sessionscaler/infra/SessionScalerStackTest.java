package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.port.StepGrants;
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
        writeTemplateForCfnLint();
    }

    /** Where .ci/run and {@link #cfnLintFindsNoError} find the synthesized template. */
    static final Path TEMPLATE_FILE = Path.of("target", "SessionScaler.template.json");

    private static void writeTemplateForCfnLint() {
        writeTemplate(template, TEMPLATE_FILE);
    }

    static void writeTemplate(Template template, Path file) {
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, dev.sessionscaler.core.config.Json.writePretty(template.toJSON()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void cfnLintFindsNoError() throws Exception {
        assertCfnLintFindsNoError(TEMPLATE_FILE);
    }

    /** cfn-lint's errors in {@code template}: none, or the test fails; skipped, saying so, where cfn-lint is not installed. */
    static void assertCfnLintFindsNoError(Path template) throws Exception {
        boolean installed;
        try {
            installed = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            installed = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(installed,
                "cfn-lint is not installed here: the synthesized template was not linted (pip install cfn-lint to run this check)");
        Process lint = new ProcessBuilder("cfn-lint", "--format", "parseable", template.toString()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        lint.waitFor();
        // E = errors; warnings (W) and informational findings (I) are reported but do not fail the build
        List<String> errors = output.lines().filter(l -> l.matches(".*:E\\d+:.*")).toList();
        assertThat(errors).as(output).isEmpty();
    }

    @Test
    void theAnalyzerGetsItsFanOutAndRequestBudget() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sessionscaler.analyzer.AnalyzerHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("ANALYZER_CONCURRENCY", "8",
                        "ECS_READS_PER_SECOND", "15", "METRIC_READS_PER_SECOND", "10"))))));
    }

    @Test
    void theIntegrationTestHarnessIsNotDeployedUnlessAskedFor() {
        assertThat(stack.integrationTest).isNull();
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        assertThat(template.findResources("AWS::Lambda::Function", Match.objectLike(Map.of("Properties",
                Map.of("Handler", "dev.sessionscaler.harness.IntegrationTestHandler::handleRequest"))))).isEmpty();
        assertThat(Json.write(template.toJSON())).doesNotContain("TEST_HARNESS_ROLE_ID");
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
        assertThat(analyzerPolicy).contains("states:StartExecution", "WorkflowStateMachine", "states:DescribeExecution", ":execution:",
                        "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes")
                .doesNotContain("ecs:UpdateService", "ecs:UpdateTaskProtection", "elasticloadbalancing:DeregisterTargets",
                        "elasticloadbalancing:RegisterTargets");
    }

    @Test
    void everyFunctionIsJava21OnArm64WithTracing() {
        int functions = template.findResources("AWS::Lambda::Function").size();
        assertThat(functions).as("ingest, analyzer and one per workflow task state").isGreaterThanOrEqualTo(2 + ScaleWorkflow.STEPS.size());
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "java21", "Architectures", List.of("arm64"), "TracingConfig", Map.of("Mode", "Active"),
                "Handler", "dev.sessionscaler.steps.StepHandler$LowerDesired::handleRequest")));
    }

    @Test
    void eachStepFunctionIsGrantedExactlyWhatStepGrantsSaysItsStepUses() {
        Map<StepGrants.Permission, String> action = Map.of(StepGrants.Permission.READ_ECS, "ecs:DescribeTasks",
                StepGrants.Permission.SCALE_SERVICE, "ecs:UpdateService", StepGrants.Permission.PROTECT_TASKS, "ecs:UpdateTaskProtection",
                StepGrants.Permission.DEREGISTER, "elasticloadbalancing:DeregisterTargets",
                StepGrants.Permission.REGISTER, "elasticloadbalancing:RegisterTargets",
                StepGrants.Permission.READ_TARGETS, "elasticloadbalancing:DescribeTargetHealth");
        ScaleWorkflow.STEPS.forEach((state, granted) -> {
            String policy = template.findResources("AWS::IAM::Policy").entrySet().stream()
                    .filter(e -> e.getKey().startsWith("Workflow" + state + "ServiceRoleDefaultPolicy")).findFirst().orElseThrow()
                    .getValue().toString();
            action.forEach((permission, example) -> {
                if (granted.contains(permission)) {
                    assertThat(policy).as(state + " " + permission).contains(example);
                } else {
                    assertThat(policy).as(state + " without " + permission).doesNotContain(example);
                }
            });
        });
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
    void alarmsCoverDeadLettersFailuresAnalyzerErrorsServicesNotDecidedAndBlockedScaleIns() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 5);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("MetricName", "ServicesNotDecided",
                "Namespace", "SessionScaler", "EvaluationPeriods", 5, "DatapointsToAlarm", 5,
                "TreatMissingData", "notBreaching")));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "ops@example.com",
                "TopicArn", Match.anyValue()));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    @Test
    void onlyTheReportingRolesMayReportAndEveryEventCarriesItsSender() {
        // safety issue, item 13
        String role = "arn:aws:iam::123456789012:role/rdp-gateway-task-role";
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Match.objectLike(Map.of(
                "Policy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow", "Principal", Map.of("AWS", role))))))))));
        Object onlyReporters = Match.objectLike(Map.of("ArnNotEquals", Match.objectLike(Map.of("aws:PrincipalArn",
                Match.arrayWith(List.of(role))))));
        Object denySend = Match.objectLike(Map.of("Effect", "Deny", "Action", "sqs:SendMessage", "Condition", onlyReporters));
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(denySend)))))));
        String methods = template.findResources("AWS::ApiGateway::Method").toString();
        assertThat(methods).contains("MessageAttribute.1.Name=callerId", "$context.identity.caller");
        Object senderCheck = Match.objectLike(Map.of("Variables", Match.objectLike(Map.of(
                "REQUIRE_SENDER_TASK", "true", "API_SENDER_ROLE_ID", Match.anyValue()))));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sessionscaler.ingest.SessionIngestHandler::handleRequest", "Environment", senderCheck)));
    }

    @Test
    void aLeaseTooShortForTheLongestDrainIsRefusedAndTheDefaultFollowsTheDelay() {
        // safety issue, item 3
        String service = "{\"cluster\": \"demo\", \"service\": \"rdp\", \"targetGroupArn\": "
                + "\"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc\", \"targetPort\": 8443, "
                + "\"deregistrationDelaySeconds\": 3600, \"config\": {\"minTasks\": 1, \"maxTasks\": 2, \"sessionsPerTask\": 1}}";
        String roles = "\"reportingRoleArns\": [\"arn:aws:iam::123456789012:role/r\"]";
        assertThat(DeploymentConfig.fromJson(JsonInput.parseObject("{\"services\": [" + service + "], " + roles + "}")).leaseSeconds())
                .isEqualTo(4560);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentConfig.fromJson(JsonInput.parseObject(
                        "{\"services\": [" + service + "], " + roles + ", \"leaseSeconds\": 3600}")))
                .hasMessageStartingWith("leaseSeconds: must be at least 4560 s for a deregistration delay of 3600 s");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentConfig.fromJson(JsonInput.parseObject(
                        "{\"services\": [" + service + "]}")))
                .hasMessage("reportingRoleArns: is required");
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
