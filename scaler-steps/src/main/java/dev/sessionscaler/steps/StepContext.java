package dev.sessionscaler.steps;

import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.FleetSnapshot;
import dev.sessionscaler.core.model.ScaleLedger;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.TaskMark;
import dev.sessionscaler.core.policy.FleetAssembler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What every step shares: the managed services, the ports, the lease's length and the clock. */
final class StepContext {
    /** An execution without the service's lease (redriven after it was stopped, or a stray retry) touches nothing. */
    static final String NO_LEASE = "the workflow does not hold the service's lease (a redriven or stray execution): nothing is touched";

    final Map<ServiceRef, StepsService> services;
    final ScaleSteps.Ports ports;
    final Duration leaseDuration;
    final int drainConcurrency;
    final Clock clock;

    StepContext(Map<ServiceRef, StepsService> services, ScaleSteps.Ports ports, Duration leaseDuration, int drainConcurrency,
                Clock clock) {
        this.services = Map.copyOf(services);
        this.ports = ports;
        this.leaseDuration = leaseDuration;
        this.drainConcurrency = drainConcurrency;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    StepsService service(String cluster, String service) {
        StepsService found = cluster == null || service == null ? null : services.get(new ServiceRef(cluster, service));
        if (found == null) {
            throw new InvalidPayloadException("no managed service in the workflow state: " + cluster + "/" + service);
        }
        // a scheduled floor on now holds here too: no step stops or cordons below it
        return new StepsService(found.ref(), found.config().at(now()), found.targetGroupArn(), found.targetPort());
    }

    /** What ECS, the session store and the ledger say now (CPU is not needed by the workflow's rules). */
    Snapshot snapshot(StepsService service) {
        ServiceFleet ecs = ports.fleet().read(service.ref());
        ScaleLedger ledger = ports.ledger().read(service.ref());
        FleetSnapshot fleet = FleetAssembler.assemble(ecs, new ServiceMetrics(null, null, null, Map.of()),
                ports.sessions().taskSessions(service.ref()), ledger.marks());
        return new Snapshot(ecs, fleet, ledger);
    }

    /** One consistent look at a service. */
    record Snapshot(ServiceFleet ecs, FleetSnapshot fleet, ScaleLedger ledger) {
        String ip(String taskArn) {
            return ecs.tasks().stream().filter(t -> t.taskArn().equals(taskArn)).map(EcsTask::privateIpv4Address)
                    .findFirst().orElse(null);
        }

        boolean live(String taskArn) {
            return ecs.tasks().stream().anyMatch(t -> t.taskArn().equals(taskArn) && !t.lifecycle().isLeaving());
        }

        TaskMark mark(String taskArn) {
            return ledger.marks().stream().filter(m -> m.taskArn().equals(taskArn)).findFirst().orElse(null);
        }
    }

    /**
     * Abort beats harm (invariant 7): a task that is not to be stopped loses the mark this execution put on it and, if
     * this execution took its target out and the task still runs, goes back into the load balancer.
     */
    void keep(StepsService service, Snapshot snapshot, String taskArn, String holder) {
        TaskMark mark = snapshot.mark(taskArn);
        if (mark == null || !holder.equals(mark.holder())) {
            return;
        }
        String ip = snapshot.ip(taskArn);
        if (mark.deregistered() && ip != null && snapshot.live(taskArn)) {
            ports.targets().register(service.targetGroupArn(), ip, service.targetPort());
        }
        ports.ledger().deleteMark(service.ref(), mark);
    }

    /** Extends the lease in a wait loop; false if this execution no longer holds it. */
    boolean renewLease(StepsService service, String holder) {
        return ports.lease().renew(service.ref(), holder, now(), leaseDuration);
    }
}
