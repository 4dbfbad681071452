package dev.sessionscaler.core.decision;

import dev.sessionscaler.core.model.TaskState;
import java.time.Instant;

/** Why a victim was safe to choose: its session evidence at decision time. */
public record VictimEvidence(String taskArn, String availabilityZone, Instant startedAt, int activeSessions,
                             Instant lastHeartbeat) {
    static VictimEvidence of(TaskState task) {
        return new VictimEvidence(task.taskArn(), task.availabilityZone(), task.startedAt(), task.activeSessions(),
                task.lastHeartbeat());
    }
}
