package dev.sessionscaler.core.model;

import java.time.Instant;

/** A task as ECS describes it, before session facts and metrics are joined in. */
public record EcsTask(String taskArn, String availabilityZone, Instant startedAt, TaskLifecycle lifecycle,
                      boolean healthy, boolean scaleInProtected) {
}
