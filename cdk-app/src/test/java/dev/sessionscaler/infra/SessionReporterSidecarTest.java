package dev.sessionscaler.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.sqs.Queue;

/** The sidecar helper in a team's own stack, synthesized once. */
class SessionReporterSidecarTest {
    static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:session-events";
    static Template template;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        Stack stack = new Stack(app, "TeamStack");
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(stack, "Rdp").cpu(2048).memoryLimitMiB(4096).build();
        task.addContainer("app", software.amazon.awscdk.services.ecs.ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry("example/rdp-gateway")).build());
        SessionReporterSidecar.addTo(task, new SessionReporterSidecar.Options(ContainerImage.fromRegistry("example/session-sidecar"),
                Queue.fromQueueArn(stack, "Events", QUEUE_ARN), List.of(3389), 10, "rdp"));
        template = Template.fromStack(stack);
    }

    @Test
    void addsTheSidecarBesideTheApplicationWithItsOptions() {
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Name", "session-sidecar", "Essential", false,
                        "Command", List.of("--port", "3389", "--min-age-seconds", "10", "--service", "rdp"),
                        "ReadonlyRootFilesystem", true,
                        "Environment", Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "SESSION_SCALER_QUEUE_URL"))))))))));
    }

    @Test
    void letsTheTaskRoleSendToTheQueueOnly() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(Map.of(
                "Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                "Effect", "Allow", "Resource", QUEUE_ARN)))));
    }

    @Test
    void refusesATaskWithoutPorts() {
        assertThatThrownBy(() -> new SessionReporterSidecar.Options(null, null, List.of(), 10, null))
                .hasMessageContaining("at least one port");
    }
}
