package dev.sessionscaler.core.drain;

/**
 * What a target group really does when a target leaves it, read from AWS (DescribeTargetGroups and
 * DescribeTargetGroupAttributes), never trusted from configuration.
 *
 * @param loadBalancer               which kind of load balancer the target group serves, by its protocol
 * @param deregistrationDelaySeconds {@code deregistration_delay.timeout_seconds}, 0 to 3600
 * @param connectionTermination      {@code deregistration_delay.connection_termination.enabled} (NLB only): whether
 *                                   connections still open when the delay expires are closed
 */
public record TargetGroupFacts(LoadBalancerKind loadBalancer, int deregistrationDelaySeconds, boolean connectionTermination) {

    /** An Application Load Balancer (HTTP, HTTPS, gRPC) or a Network Load Balancer (TCP, TLS, UDP). */
    public enum LoadBalancerKind { ALB, NLB }

    /**
     * Whether the load balancer closes the connections a deregistered target still has when the delay
     * expires: always on an ALB, on an NLB only with connection termination on.
     */
    public boolean closesConnectionsAtDelay() {
        return loadBalancer == LoadBalancerKind.ALB || connectionTermination;
    }
}
