package dev.sessionscaler.core.decision;

import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.DecisionHistory;
import dev.sessionscaler.core.model.ReasonCode;
import dev.sessionscaler.core.model.ScaleAction;
import dev.sessionscaler.core.policy.FleetObservation;
import dev.sessionscaler.core.policy.Needs;
import dev.sessionscaler.core.policy.VictimPlanner.Exclusion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One structured record per decision: the inputs as the rules saw them, each step's reason, the
 * victims, cordoned, readmitted and retired tasks with their session evidence, and why other tasks were not
 * eligible. Enough to replay it.
 *
 * @param cordonWindowSeconds how long a cordon may last on the service's load balancer; null when cordoning is off
 * @param cordonUnavailable   why cordoning cannot be used here (and what to change), or null
 * @param scheduledFloor      the scheduled window that raised minTasks at this decision ({@code config} shows the
 *                            minimum as raised), or null
 * @param learnedFloor        what the learned floor asked for and why ({@code predictiveFloor}), or null
 */
public record AuditRecord(
        String cluster,
        String service,
        Instant decidedAt,
        ScaleAction action,
        ReasonCode reason,
        int desiredBefore,
        int desiredAfter,
        boolean dryRun,
        boolean partial,
        FleetObservation observed,
        Needs scaleOutNeeds,
        Needs scaleInNeeds,
        List<StepTrace> steps,
        List<VictimEvidence> victims,
        List<VictimEvidence> cordon,
        List<VictimEvidence> readmit,
        List<VictimEvidence> retire,
        Integer cordonWindowSeconds,
        String cordonUnavailable,
        Map<Exclusion, Integer> notEligibleForScaleIn,
        DecisionHistory historyBefore,
        ScalerConfig config,
        String scheduledFloor,
        String learnedFloor) {
}
