package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.model.ScaleEvent;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.Lease;
import dev.sessionscaler.core.port.ScaleLedgerStore;
import dev.sessionscaler.core.port.WorkflowStarter;
import dev.sessionscaler.core.runtime.StructuredLog;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Nothing is left behind (invariant 10), checked every minute before the decision, like a Kubernetes controller
 * comparing what is with what should be. A lease whose holder no longer runs (it failed, timed out, or was stopped by
 * hand) is released; anything an execution that no longer runs left in the ledger (a mark, a deregistered target,
 * protection it set, a lowered desired count) is handed to a {@code recover} execution, which completes or undoes it
 * with the workflow's own least-privilege steps. The analyzer itself only reads and writes DynamoDB and starts
 * executions.
 */
public final class Reconciler {

    /**
     * @param liveHolder the execution holding the service's lease and still running, or null
     * @param ledger     the service's ledger as read
     * @param recovery   the {@code recover} execution started for what was left behind, or null
     */
    public record Result(String liveHolder, ScaleLedger ledger, String recovery) {
    }

    private final Lease lease;
    private final ScaleLedgerStore ledgers;
    private final WorkflowStarter workflow;
    private final Duration leaseDuration;
    private final StructuredLog log;

    public Reconciler(Lease lease, ScaleLedgerStore ledgers, WorkflowStarter workflow, Duration leaseDuration, StructuredLog log) {
        this.lease = lease;
        this.ledgers = ledgers;
        this.workflow = workflow;
        this.leaseDuration = leaseDuration;
        this.log = log;
    }

    public Result reconcile(ServiceRef service, Instant scheduledTime, Instant now) {
        String live = null;
        Optional<Lease.Held> held = lease.current(service);
        if (held.isPresent()) {
            WorkflowStarter.ExecutionStatus status = workflow.status(held.get().holder());
            if (status.live()) {
                live = held.get().holder();
            } else {
                lease.release(service, held.get().holder());
                log.warn("released the lease of an execution that no longer runs", fields(service, held.get().holder(), status.name()));
            }
        }
        ScaleLedger ledger = ledgers.read(service);
        if (live != null || !ledger.hasOrphansBesides(null)) {
            return new Result(live, ledger, null);
        }
        String name = ExecutionNames.recovery(service, scheduledTime);
        if (!lease.tryAcquire(service, name, now, leaseDuration)) {
            return new Result(lease.current(service).map(Lease.Held::holder).orElse(null), ledger, null);
        }
        WorkflowStarter.StartResult started = workflow.start(new ScaleEvent.Recover(service.cluster(), service.service(),
                "left behind by " + ledger.holders()), name);
        if (started == WorkflowStarter.StartResult.ALREADY_FINISHED) {
            lease.release(service, name);  // this minute's recovery already ran; the next minute tries again
            return new Result(null, ledger, null);
        }
        log.warn("recovering what executions that no longer run left behind", fields(service, name, ledger.holders().toString()));
        return new Result(name, ledger, name);
    }

    private static Map<String, Object> fields(ServiceRef service, String execution, String detail) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("service", service.key());
        fields.put("execution", execution);
        fields.put("detail", detail);
        return fields;
    }
}
