package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.port.TargetGroupReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

/**
 * What a target group does when a target leaves it, from DescribeTargetGroups (its protocol tells an ALB from an
 * NLB) and DescribeTargetGroupAttributes. Kept for {@link #CACHE} per function instance, so a run every minute reads
 * it a few times an hour: these settings change rarely, and a cordon's deadline is fixed when the cordon starts.
 */
public final class ElbTargetGroupReader implements TargetGroupReader {
    static final Duration CACHE = Duration.ofMinutes(5);

    private record Cached(TargetGroupFacts facts, Instant until) {
    }

    private final ElasticLoadBalancingV2Client elb;
    private final Clock clock;
    // concurrent workers share it; two may read the same group at an expiry, which is cheaper than one lock around ELB calls
    private final Map<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    public ElbTargetGroupReader(ElasticLoadBalancingV2Client elb, Clock clock) {
        this.elb = elb;
        this.clock = clock;
    }

    @Override
    public TargetGroupFacts facts(String targetGroupArn) {
        Cached cached = cache.get(targetGroupArn);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return cached.facts();
        }
        TargetGroupFacts facts = read(elb, targetGroupArn);
        cache.put(targetGroupArn, new Cached(facts, clock.instant().plus(CACHE)));
        return facts;
    }

    /** One uncached read; the SDK's exceptions pass through to the caller. */
    public static TargetGroupFacts read(ElasticLoadBalancingV2Client elb, String targetGroupArn) {
        TargetGroup group = elb.describeTargetGroups(r -> r.targetGroupArns(targetGroupArn)).targetGroups().get(0);
        Map<String, String> attributes = elb.describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn))
                .attributes().stream().collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value, (a, b) -> b));
        boolean application = group.protocol() == ProtocolEnum.HTTP || group.protocol() == ProtocolEnum.HTTPS;
        int delay = Integer.parseInt(attributes.getOrDefault("deregistration_delay.timeout_seconds", "300"));
        boolean termination = Boolean.parseBoolean(attributes.getOrDefault("deregistration_delay.connection_termination.enabled", "false"));
        return new TargetGroupFacts(application ? TargetGroupFacts.LoadBalancerKind.ALB : TargetGroupFacts.LoadBalancerKind.NLB,
                delay, termination);
    }
}
