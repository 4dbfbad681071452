package dev.sessionscaler.steps;

import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.port.TargetRegistry;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/** The service's target group: take a task out, put it back, see how its drain goes, and what the group really does. */
public final class ElbTargetDeregistrar implements TargetRegistry {
    private final ElasticLoadBalancingV2Client elb;

    public ElbTargetDeregistrar(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    @Override
    public void deregister(String targetGroupArn, String ip, int port) {
        try {
            elb.deregisterTargets(r -> r.targetGroupArn(targetGroupArn).targets(target(ip, port)));
        } catch (SdkException e) {
            throw AwsErrors.translate("DeregisterTargets", e);
        }
    }

    @Override
    public void register(String targetGroupArn, String ip, int port) {
        try {
            elb.registerTargets(r -> r.targetGroupArn(targetGroupArn).targets(target(ip, port)));
        } catch (SdkException e) {
            throw AwsErrors.translate("RegisterTargets", e);
        }
    }

    /**
     * Only {@code unused} with reason {@code Target.NotRegistered} means gone; every other state, and an
     * answer without the target, may still carry connections (doubt is busy).
     */
    @Override
    public DrainCheck.TargetState state(String targetGroupArn, String ip, int port) {
        try {
            var health = elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn).targets(target(ip, port)))
                    .targetHealthDescriptions();
            TargetHealth target = health.stream().findFirst().map(TargetHealthDescription::targetHealth).orElse(null);
            if (target == null) {
                return DrainCheck.TargetState.REGISTERED;
            }
            if (target.state() == TargetHealthStateEnum.DRAINING) {
                return DrainCheck.TargetState.DRAINING;
            }
            boolean gone = target.state() == TargetHealthStateEnum.UNUSED && "Target.NotRegistered".equals(target.reasonAsString());
            return gone ? DrainCheck.TargetState.NOT_REGISTERED : DrainCheck.TargetState.REGISTERED;
        } catch (SdkException e) {
            throw AwsErrors.translate("DescribeTargetHealth", e);
        }
    }

    @Override
    public TargetGroupFacts facts(String targetGroupArn) {
        try {
            TargetGroup group = elb.describeTargetGroups(r -> r.targetGroupArns(targetGroupArn)).targetGroups().get(0);
            Map<String, String> attributes = elb.describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn))
                    .attributes().stream().collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value, (a, b) -> b));
            ProtocolEnum protocol = group.protocol();
            boolean application = protocol == ProtocolEnum.HTTP || protocol == ProtocolEnum.HTTPS;
            int delay = Integer.parseInt(attributes.getOrDefault("deregistration_delay.timeout_seconds", "300"));
            boolean termination = Boolean.parseBoolean(attributes.getOrDefault("deregistration_delay.connection_termination.enabled", "false"));
            return new TargetGroupFacts(application ? TargetGroupFacts.LoadBalancerKind.ALB : TargetGroupFacts.LoadBalancerKind.NLB,
                    delay, termination);
        } catch (SdkException e) {
            throw AwsErrors.translate("DescribeTargetGroups", e);
        }
    }

    private static TargetDescription target(String ip, int port) {
        return TargetDescription.builder().id(ip).port(port).build();
    }
}
