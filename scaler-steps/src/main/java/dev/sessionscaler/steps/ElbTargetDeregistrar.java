package dev.sessionscaler.steps;

import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.port.TargetRegistry;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/** The service's ALB target group: take a task out, put it back, see how its drain goes. */
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

    @Override
    public DrainCheck.TargetState state(String targetGroupArn, String ip, int port) {
        try {
            var health = elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn).targets(target(ip, port)))
                    .targetHealthDescriptions();
            TargetHealthStateEnum state = health.stream().findFirst().map(TargetHealthDescription::targetHealth)
                    .map(h -> h.state()).orElse(TargetHealthStateEnum.UNUSED);
            return switch (state) {
                case DRAINING -> DrainCheck.TargetState.DRAINING;
                case UNUSED -> DrainCheck.TargetState.UNUSED;
                default -> DrainCheck.TargetState.OTHER;
            };
        } catch (SdkException e) {
            throw AwsErrors.translate("DescribeTargetHealth", e);
        }
    }

    private static TargetDescription target(String ip, int port) {
        return TargetDescription.builder().id(ip).port(port).build();
    }
}
