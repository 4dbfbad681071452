package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ServiceRef;

/**
 * One ECS service this deployment scales, with its configuration. The load balancer fields are what
 * the workflow steps need to drain a task; the analyzer does not use them.
 *
 * @param targetGroupArn             the target group the service's tasks are registered in by IP; null if not given
 * @param targetPort                 the port they are registered on
 * @param deregistrationDelaySeconds the target group's deregistration delay
 */
public record ManagedService(ServiceRef ref, ScalerConfig config, String targetGroupArn, int targetPort,
                             int deregistrationDelaySeconds) {
    public ManagedService(ServiceRef ref, ScalerConfig config) {
        this(ref, config, null, 0, 300);
    }
}
