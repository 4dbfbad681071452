package dev.sessionscaler.core.model;

import java.time.Instant;

/**
 * A task as ECS describes it, before session facts and metrics are joined in.
 *
 * @param privateIpv4Address the task's ENI address (awsvpc), the load balancer target id; null if none
 */
public record EcsTask(String taskArn, String availabilityZone, Instant startedAt, TaskLifecycle lifecycle,
                      boolean healthy, boolean scaleInProtected, String privateIpv4Address) {
}
