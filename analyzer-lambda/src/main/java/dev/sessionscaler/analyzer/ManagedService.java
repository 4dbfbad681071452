package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.ServiceRef;

/** One ECS service this deployment scales, with its configuration. */
public record ManagedService(ServiceRef ref, ScalerConfig config) {
}
