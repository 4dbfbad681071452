package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.FleetReader;
import dev.sessionscaler.core.port.Lease;
import dev.sessionscaler.core.port.ScaleLedgerStore;
import dev.sessionscaler.core.port.ServiceActuator;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.core.port.TargetRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The scale workflow's task states (scale-workflow.asl.json), one method each, grouped by what they do:
 * {@link PlanSteps} (Prepare, ScaleOut, Finalize), {@link DrainSteps} (VerifyVictims and the per-victim drain),
 * {@link StopSteps} (PlanStop to ConfirmStopped), {@link CordonSteps} (Cordon, Readmit, VerifyRetire) and
 * {@link Unwinder} (ReleaseProtection, Recover). Every method is
 * idempotent: Step Functions may run a task twice, and repeating one changes nothing further. What a stop changes is
 * written to the ledger before it is changed, so whoever finds it later can complete or undo it.
 */
public final class ScaleSteps {

    /** The ports the steps use. */
    public record Ports(FleetReader fleet, SessionStore sessions, ServiceActuator ecs, TargetRegistry targets, Lease lease,
                        ScaleLedgerStore ledger) {
    }

    private final PlanSteps plan;
    private final DrainSteps drain;
    private final StopSteps stop;
    private final Unwinder unwinder;
    private final CordonSteps cordons;

    public ScaleSteps(Map<ServiceRef, StepsService> services, Ports ports, Duration leaseDuration, int drainConcurrency,
                      Clock clock) {
        StepContext context = new StepContext(services, ports, leaseDuration, drainConcurrency, clock);
        ProtectionKeeper protection = new ProtectionKeeper(context);
        this.cordons = new CordonSteps(context);
        this.plan = new PlanSteps(context, cordons);
        this.drain = new DrainSteps(context);
        this.stop = new StopSteps(context, protection);
        this.unwinder = new Unwinder(context, protection);
    }

    /** Validates a payload as Prepare does, without taking the lease; {@link InvalidPayloadException} names the field. */
    public JsonNode plan(JsonNode payload, String executionName) {
        return WorkflowState.tree(plan.plan(payload, executionName));
    }

    public JsonNode prepare(JsonNode input) { return plan.prepare(input); }
    public JsonNode scaleOut(JsonNode state) { return plan.scaleOut(state); }
    public JsonNode verifyVictims(JsonNode state) { return drain.verifyVictims(state); }
    public JsonNode markDraining(JsonNode item) { return drain.markDraining(item); }
    public JsonNode deregister(JsonNode item) { return drain.deregister(item); }
    public JsonNode checkDrain(JsonNode item) { return drain.checkDrain(item); }
    public JsonNode reregister(JsonNode item) { return drain.reregister(item); }
    public JsonNode planStop(JsonNode state) { return stop.planStop(state); }
    public JsonNode protectOthers(JsonNode state) { return stop.protectOthers(state); }
    public JsonNode lowerDesired(JsonNode state) { return stop.lowerDesired(state); }
    public JsonNode confirmStopped(JsonNode state) { return stop.confirmStopped(state); }
    public JsonNode releaseProtection(JsonNode state) { return unwinder.releaseProtection(state); }
    public JsonNode recover(JsonNode state) { return unwinder.recover(state); }
    public JsonNode cordon(JsonNode state) { return cordons.cordon(state); }
    public JsonNode readmit(JsonNode state) { return cordons.readmit(state); }
    public JsonNode verifyRetire(JsonNode state) { return cordons.verifyRetire(state); }
    public JsonNode finalizeRun(JsonNode input) { return plan.finish(input); }
}
