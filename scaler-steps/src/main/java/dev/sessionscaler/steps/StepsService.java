package dev.sessionscaler.steps;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ServiceRef;

/**
 * What the workflow needs to know about a managed service. The target group's deregistration delay is not here:
 * the steps read it from AWS each time (safety issue, item 6).
 *
 * @param targetGroupArn the target group the service's tasks are registered in (by IP)
 * @param targetPort     the port they are registered on
 */
public record StepsService(ServiceRef ref, ScalerConfig config, String targetGroupArn, int targetPort) {
}
