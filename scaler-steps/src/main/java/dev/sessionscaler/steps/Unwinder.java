package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ProtectionRecord;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.StopRecord;
import dev.sessionscaler.core.model.TaskMark;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Ends a stop, or undoes whatever an execution left, from the ledger rather than from the execution state, so that
 * the same code serves a normal end (ReleaseProtection), a caught failure (Recover) and an execution that died
 * (the {@code recover} action the analyzer starts). In this order, so no task is ever unprotected while ECS still
 * wants to stop one (safety issue, items 1, 5 and 7):
 * <ol>
 *   <li>if a desired count was lowered, re-read the service and raise the count to the tasks still running, so ECS
 *       wants to stop nothing more (a victim that did not stop is kept; one that stopped stays stopped);</li>
 *   <li>put every marked victim that still runs back into the load balancer and remove its mark;</li>
 *   <li>give the other tasks back the protection they had ({@link ProtectionKeeper#release});</li>
 *   <li>remove the stop records.</li>
 * </ol>
 * Every part is idempotent: a repeated call finds less to do.
 */
final class Unwinder {
    private final StepContext context;
    private final ProtectionKeeper protection;

    Unwinder(StepContext context, ProtectionKeeper protection) {
        this.context = context;
        this.protection = protection;
    }

    /** The normal end of a stop, or after ECS did not stop every victim in time: this execution's records only. */
    JsonNode releaseProtection(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        return unwind(context.service(state.cluster(), state.service()), state.executionName()::equals);
    }

    /**
     * After a caught failure, or as the {@code recover} action: everything executions left in the ledger. This execution
     * holds the service's lease (a step that finds it lost ends the execution without coming here), and the analyzer
     * starts a recovery only once the lease's last holder has been stopped for longer than a step may still run, so
     * nothing here is another execution's work in progress. A cordon at rest (no holder) is state, not work, and is
     * left as it is.
     */
    JsonNode recover(JsonNode stateNode) {
        WorkflowState state = WorkflowState.read(stateNode, WorkflowState.class);
        StepsService service = context.service(state.cluster(), state.service());
        if (context.renewLease(service, state.executionName())) {
            return unwind(service, holder -> true);  // the lease's holder: whatever else is in the ledger is orphaned
        }
        // without the lease (redriven after it was stopped, or the lease lost): only this execution's own work; another
        // execution may be running, and its protection and marks are not ours to lift
        return unwind(service, holder -> state.executionName().equals(holder));
    }

    /**
     * The count at which ECS wants to stop none of the victims still running: what each stop set, plus its victims
     * still live. Not every live task: a deployment that began meanwhile runs tasks beyond the desired count, and
     * counting them would push the count past what the stop lowered from, and past maxTasks.
     */
    private static int countKeepingLiveVictims(List<StopRecord> stops, Set<String> live, int maxTasks) {
        int keep = 0;
        for (StopRecord stop : stops) {
            int liveVictims = (int) stop.victims().stream().filter(live::contains).count();
            keep = Math.max(keep, Math.min(stop.desiredBefore(), stop.desiredSet() + liveVictims));
        }
        return Math.min(keep, maxTasks);
    }

    private JsonNode unwind(StepsService service, Predicate<String> holders) {
        ScaleLedger ledger = context.ports.ledger().read(service.ref());
        ServiceFleet fleet = context.ports.fleet().read(service.ref());
        Set<String> live = fleet.tasks().stream().filter(t -> !t.lifecycle().isLeaving()).map(EcsTask::taskArn)
                .collect(Collectors.toSet());
        ObjectNode result = Json.MAPPER.createObjectNode();

        List<StopRecord> stops = ledger.stops().stream().filter(s -> holders.test(s.holder())).toList();
        int keep = countKeepingLiveVictims(stops, live, service.config().maxTasks());
        if (!stops.isEmpty() && fleet.service().desiredCount() < keep) {
            // ECS still wants to stop tasks: it may stop only the protected-against victims until protection is lifted,
            // so first ask for a count that keeps every victim still running, then lift protection
            context.ports.ecs().setDesiredCount(service.ref(), keep);
            result.put("desiredCountRaisedTo", keep);
        }

        List<String> reregistered = new ArrayList<>();
        for (TaskMark mark : ledger.marks()) {
            if (!mark.held() || !holders.test(mark.holder())) {
                continue;
            }
            String ip = fleet.tasks().stream().filter(t -> t.taskArn().equals(mark.taskArn()))
                    .map(EcsTask::privateIpv4Address).findFirst().orElse(null);
            if (mark.deregistered() && live.contains(mark.taskArn()) && ip != null) {
                context.ports.targets().register(service.targetGroupArn(), ip, service.targetPort());
                reregistered.add(mark.taskArn());
            }
            context.ports.ledger().deleteMark(service.ref(), mark);
        }
        result.set("reregistered", Json.MAPPER.valueToTree(reregistered));
        // a cordon at rest on a task that no longer runs (retired, or crashed) is bookkeeping left: remove it
        ledger.marks().stream().filter(m -> !m.held() && !live.contains(m.taskArn()))
                .forEach(m -> context.ports.ledger().deleteMark(service.ref(), m));

        int released = 0;
        for (ProtectionRecord record : ledger.protections()) {
            if (holders.test(record.holder())) {
                protection.release(service, record);
                context.ports.ledger().deleteProtection(service.ref(), record);
                released += record.tasks().size();
            }
        }
        result.put("protectionRecordsReleased", released);
        stops.forEach(stop -> context.ports.ledger().deleteStop(service.ref(), stop));
        return result;
    }
}
