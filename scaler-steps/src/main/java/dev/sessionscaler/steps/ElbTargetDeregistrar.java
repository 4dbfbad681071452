package dev.sessionscaler.steps;

import dev.sessionscaler.analyzer.ElbTargetGroupReader;
import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.port.TargetRegistry;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
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
            return ElbTargetGroupReader.read(elb, targetGroupArn);
        } catch (SdkException e) {
            throw AwsErrors.translate("DescribeTargetGroups", e);
        }
    }

    private static TargetDescription target(String ip, int port) {
        return TargetDescription.builder().id(ip).port(port).build();
    }
}
