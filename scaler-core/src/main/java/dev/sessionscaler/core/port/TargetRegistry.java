package dev.sessionscaler.core.port;

import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.TargetGroupFacts;

/** A service's load balancer target group (adapter: {@code ElbTargetDeregistrar}). Targets are task IPs. */
public interface TargetRegistry {
    void deregister(String targetGroupArn, String ip, int port);

    void register(String targetGroupArn, String ip, int port);

    DrainCheck.TargetState state(String targetGroupArn, String ip, int port);

    /** The target group's kind and deregistration settings, as AWS has them now. */
    TargetGroupFacts facts(String targetGroupArn);
}
