package dev.sessionscaler.core.drain;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;

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

    /** Reads {@code "ALB"} or {@code "NLB"} from {@code field}. */
    public static LoadBalancerKind kindFrom(JsonInput json, String field) {
        String type = json.string(field);
        if (!type.equals("ALB") && !type.equals("NLB")) {
            throw new InvalidInputException(json.at(field), "must be ALB or NLB, got \"" + type + "\"");
        }
        return LoadBalancerKind.valueOf(type);
    }

    /** Reads a deregistration delay: every value a target group allows, 0 to 3600 s. */
    public static int delayFrom(JsonInput json, String field) {
        int delay = json.integer(field);
        if (delay < 0 || delay > DrainTiming.MAX_DEREGISTRATION_DELAY_SECONDS) {
            throw new InvalidInputException(json.at(field), "must be between 0 and "
                    + DrainTiming.MAX_DEREGISTRATION_DELAY_SECONDS + " (what a target group allows), got " + delay);
        }
        return delay;
    }

    /** Reads the optional connection termination flag (default false), which only an NLB has. */
    public static boolean terminationFrom(JsonInput json, String field, LoadBalancerKind kind) {
        boolean termination = json.bool(field, false);
        if (termination && kind == LoadBalancerKind.ALB) {
            throw new InvalidInputException(json.at(field), "only applies to an NLB: an ALB always closes the connections"
                    + " still open when the deregistration delay expires");
        }
        return termination;
    }
}
