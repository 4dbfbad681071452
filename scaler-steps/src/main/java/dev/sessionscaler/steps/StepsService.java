package dev.sessionscaler.steps;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.drain.DrainTiming;
import dev.sessionscaler.core.model.ServiceRef;

/**
 * What the workflow needs to know about a managed service.
 *
 * @param targetGroupArn the target group the service's tasks are registered in (by IP)
 * @param targetPort     the port they are registered on
 */
public record StepsService(ServiceRef ref, ScalerConfig config, String targetGroupArn, int targetPort, DrainTiming timing) {
}
