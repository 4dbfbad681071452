package dev.sessionscaler.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.DeploymentConfig;
import dev.sessionscaler.core.config.Json;
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

/** The stack with {@code -c integrationTest=true}, synthesized once: the testing state machine, its function, least privilege. */
class IntegrationTestHarnessTest {
    static final Path TEMPLATE_FILE = Path.of("target", "SessionScalerWithIntegrationTest.template.json");
    static SessionScalerStack stack;
    static Template template;
    static String json;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        stack = SessionScalerApp.stack(app, withTestService(), true);
        app.synth();
        template = Template.fromStack(stack);
        json = Json.write(template.toJSON());
        SessionScalerStackTest.writeTemplate(template, TEMPLATE_FILE);
    }

    /** The example configuration with a second, test service beside demo/rdp. */
    static DeploymentConfig withTestService() {
        try {
            String example = java.nio.file.Files.readString(FunctionAssets.root().resolve("examples/deploy-config.json"));
            var root = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(example);
            var test = ((com.fasterxml.jackson.databind.node.ObjectNode) root.withArray("services").get(0).deepCopy())
                    .put("service", "it-echo").put("testService", true);
            root.withArray("services").add(test);
            return DeploymentConfig.fromJson(dev.sessionscaler.core.config.JsonInput.parseObject(Json.write(root)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aStackWithoutATestServiceRefusesTheHarnessSayingWhy() {
        DeploymentConfig production = DeploymentConfig.fromFile(FunctionAssets.root().resolve("examples/deploy-config.json"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SessionScalerApp.stack(new App(), production, true))
                .hasMessageContaining("no service is marked \"testService\": true");
    }

    @Test
    void theTestingStateMachineRunsTheScaleStateMachineSynchronouslyAndIsAnOutput() {
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 2);
        assertThat(json).contains("\"IntegrationTestStateMachineArn\"");
        // the definition is an asset (integration-test.asl.json); its placeholders name the harness function and the scale machine
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of("DefinitionSubstitutions",
                Map.of("IntegrationTestFunctionArn", Match.anyValue(), "ScaleStateMachineArn", Map.of("Ref", Match.stringLikeRegexp("WorkflowStateMachine.*"))))));
        template.allResourcesProperties("AWS::StepFunctions::StateMachine",
                Match.objectLike(Map.of("TracingConfiguration", Map.of("Enabled", true))));
    }

    @Test
    void theFunctionGetsWhatItNeedsAndIngestTrustsOnlyItsRole() {
        Map<String, Object> harnessEnvironment = Map.of("SESSION_QUEUE_URL", Match.anyValue(),
                "SCALE_STATE_MACHINE_ARN", Match.anyValue(), "SERVICES", Match.anyValue());
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sessionscaler.harness.IntegrationTestHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(harnessEnvironment)))));
        Map<String, Object> roleId = Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("IntegrationTestRole.*"), "RoleId"));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sessionscaler.ingest.SessionIngestHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("TEST_HARNESS_ROLE_ID", roleId, "TEST_SERVICES", "demo/it-echo"))))));
    }

    @Test
    void theQueueLetsTheHarnessSend() {
        String queuePolicy = Json.write(template.findResources("AWS::SQS::QueuePolicy"));
        assertThat(queuePolicy).contains("ArnNotEquals").containsPattern("IntegrationTestRole[0-9A-F]+\\\",\\s*\\\"Arn");
    }

    @Test
    void itsEcsPermissionsAreScopedToTheManagedServices() {
        Map<String, Object> byName = Map.of("Properties", Match.objectLike(Map.of("PolicyName",
                Match.stringLikeRegexp("IntegrationTestRole.*"))));
        String policies = Json.write(template.findResources("AWS::IAM::Policy", Match.objectLike(byName)));
        assertThat(policies).contains("ecs:UpdateService").contains("service/demo/it-echo").doesNotContain("service/demo/rdp")
                .contains("sqs:SendMessage")
                .contains("states:DescribeExecution").doesNotContain("\"ecs:*\"").doesNotContain("ecs:StopTask")
                .doesNotContain("elasticloadbalancing:DeregisterTargets")
                .contains("dynamodb:LeadingKeys").contains("SVC#demo#it-echo").doesNotContain("SVC#demo#rdp")
                .doesNotContain("dynamodb:BatchWriteItem").doesNotContain("dynamodb:Scan");
    }

    @Test
    void cdkNagFindsNoUnsuppressedError() {
        List<SynthesisMessage> errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors.stream().map(e -> e.getId() + ": " + e.getEntry().getData()).collect(Collectors.joining("\n"))).isEmpty();
    }

    @Test
    void cfnLintFindsNoError() throws Exception {
        SessionScalerStackTest.assertCfnLintFindsNoError(TEMPLATE_FILE);
    }
}
