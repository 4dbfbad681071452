package dev.sessionscaler.core.port;

import dev.sessionscaler.core.drain.DrainCheck;

/** A service's load balancer target group (adapter: {@code ElbTargetDeregistrar}). Targets are task IPs. */
public interface TargetRegistry extends TargetGroupReader {
    void deregister(String targetGroupArn, String ip, int port);

    void register(String targetGroupArn, String ip, int port);

    DrainCheck.TargetState state(String targetGroupArn, String ip, int port);
}
