package dev.sessionscaler.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import dev.sessionscaler.core.model.ServiceRef;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateTaskProtectionRequest;
import software.amazon.awssdk.services.ecs.model.UpdateTaskProtectionResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

@SuppressWarnings("unchecked")
class AwsAdaptersTest {
    static final ServiceRef RDP = new ServiceRef("demo", "rdp");
    static final String TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc";
    private final EcsClient ecs = mock(EcsClient.class);
    private final ElasticLoadBalancingV2Client elb = mock(ElasticLoadBalancingV2Client.class);

    private static <B> B capture(Object consumer, B builder) {
        ((Consumer<B>) consumer).accept(builder);
        return builder;
    }

    @Test
    void setsTheDesiredCountAndRetriesThrottling() {
        AtomicReference<UpdateServiceRequest> sent = new AtomicReference<>();
        when(ecs.updateService(any(Consumer.class))).thenAnswer(inv -> {
            sent.set(capture(inv.getArgument(0), UpdateServiceRequest.builder()).build());
            return null;
        });
        new EcsServiceActuator(ecs).setDesiredCount(RDP, 3);
        assertThat(sent.get().cluster()).isEqualTo("demo");
        assertThat(sent.get().service()).isEqualTo("rdp");
        assertThat(sent.get().desiredCount()).isEqualTo(3);

        when(ecs.updateService(any(Consumer.class))).thenThrow(EcsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build());
        assertThatThrownBy(() -> new EcsServiceActuator(ecs).setDesiredCount(RDP, 3)).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void protectionGoesTenAtATimeAndOnlyAMissingTaskMayFail() {
        EcsServiceActuator actuator = new EcsServiceActuator(ecs);
        assertThatThrownBy(() -> actuator.protect(RDP, IntStream.range(0, 11).mapToObj(i -> "t" + i).toList(), 15))
                .hasMessageContaining("at most 10");

        AtomicReference<UpdateTaskProtectionRequest> sent = new AtomicReference<>();
        when(ecs.updateTaskProtection(any(Consumer.class))).thenAnswer(inv -> {
            sent.set(capture(inv.getArgument(0), UpdateTaskProtectionRequest.builder()).build());
            return UpdateTaskProtectionResponse.builder().failures(Failure.builder().arn("t2").reason("MISSING").build()).build();
        });
        actuator.protect(RDP, List.of("t1", "t2"), 15);
        assertThat(sent.get().protectionEnabled()).isTrue();
        assertThat(sent.get().expiresInMinutes()).isEqualTo(15);
        assertThat(sent.get().tasks()).containsExactly("t1", "t2");

        when(ecs.updateTaskProtection(any(Consumer.class))).thenReturn(UpdateTaskProtectionResponse.builder()
                .failures(Failure.builder().arn("t1").reason("ACCESS_DENIED").build()).build());
        assertThatThrownBy(() -> actuator.protect(RDP, List.of("t1"), 15))
                .as("an unprotected task would let ECS stop it").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deregistersByIpAndPortAndMapsTargetStates() {
        AtomicReference<DeregisterTargetsRequest> sent = new AtomicReference<>();
        when(elb.deregisterTargets(any(Consumer.class))).thenAnswer(inv -> {
            sent.set(capture(inv.getArgument(0), DeregisterTargetsRequest.builder()).build());
            return null;
        });
        ElbTargetDeregistrar registry = new ElbTargetDeregistrar(elb);
        registry.deregister(TG, "10.0.0.7", 8443);
        assertThat(sent.get().targetGroupArn()).isEqualTo(TG);
        assertThat(sent.get().targets().get(0).id()).isEqualTo("10.0.0.7");
        assertThat(sent.get().targets().get(0).port()).isEqualTo(8443);

        for (var entry : List.of(
                List.of(TargetHealthStateEnum.DRAINING, "Target.DeregistrationInProgress", DrainCheck.TargetState.DRAINING),
                List.of(TargetHealthStateEnum.UNUSED, "Target.NotRegistered", DrainCheck.TargetState.NOT_REGISTERED),
                List.of(TargetHealthStateEnum.UNUSED, "Target.NotInUse", DrainCheck.TargetState.REGISTERED),
                List.of(TargetHealthStateEnum.INITIAL, "Elb.RegistrationInProgress", DrainCheck.TargetState.REGISTERED),
                List.of(TargetHealthStateEnum.HEALTHY, "", DrainCheck.TargetState.REGISTERED))) {
            when(elb.describeTargetHealth(any(Consumer.class))).thenReturn(DescribeTargetHealthResponse.builder()
                    .targetHealthDescriptions(TargetHealthDescription.builder()
                            .targetHealth(TargetHealth.builder().state((TargetHealthStateEnum) entry.get(0))
                                    .reason((String) entry.get(1)).build()).build()).build());
            assertThat(registry.state(TG, "10.0.0.7", 8443)).as(entry.toString()).isEqualTo(entry.get(2));
        }
        when(elb.describeTargetHealth(any(Consumer.class))).thenReturn(DescribeTargetHealthResponse.builder().build());
        assertThat(registry.state(TG, "10.0.0.7", 8443)).as("no answer is doubt, not gone").isEqualTo(DrainCheck.TargetState.REGISTERED);

        when(elb.registerTargets(any(Consumer.class))).thenThrow(ElasticLoadBalancingV2Exception.builder().statusCode(503).build());
        assertThatThrownBy(() -> registry.register(TG, "10.0.0.7", 8443)).isInstanceOf(TransientAwsException.class);
        verify(elb).deregisterTargets(any(Consumer.class));
    }

    @Test
    void targetGroupFactsComeFromAwsNotFromConfiguration() {
        ElbTargetDeregistrar registry = new ElbTargetDeregistrar(elb);
        when(elb.describeTargetGroups(any(Consumer.class))).thenReturn(DescribeTargetGroupsResponse.builder()
                .targetGroups(TargetGroup.builder().protocol(ProtocolEnum.TCP).build()).build());
        when(elb.describeTargetGroupAttributes(any(Consumer.class))).thenReturn(DescribeTargetGroupAttributesResponse.builder()
                .attributes(TargetGroupAttribute.builder().key("deregistration_delay.timeout_seconds").value("45").build(),
                        TargetGroupAttribute.builder().key("deregistration_delay.connection_termination.enabled").value("false").build())
                .build());

        var facts = registry.facts(TG);

        assertThat(facts).isEqualTo(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.NLB, 45, false));
        assertThat(facts.closesConnectionsAtDelay()).isFalse();

        when(elb.describeTargetGroups(any(Consumer.class))).thenReturn(DescribeTargetGroupsResponse.builder()
                .targetGroups(TargetGroup.builder().protocol(ProtocolEnum.HTTPS).build()).build());
        assertThat(registry.facts(TG).loadBalancer()).isEqualTo(TargetGroupFacts.LoadBalancerKind.ALB);
        assertThat(registry.facts(TG).closesConnectionsAtDelay()).isTrue();
    }
}
