package dev.sessionscaler.sim.workflow;

import static dev.sessionscaler.sim.workflow.ScaleWorkflowTest.NOW;
import static dev.sessionscaler.sim.workflow.ScaleWorkflowTest.arn;
import static dev.sessionscaler.sim.workflow.ScaleWorkflowTest.fleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.analyzer.InMemoryLease;
import dev.sessionscaler.analyzer.InMemoryScaleLedger;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.steps.LeaseLostException;
import dev.sessionscaler.steps.ScaleSteps;
import dev.sessionscaler.steps.StepsService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Safety issue, item 3: the workflow renews its lease in every wait loop, and stops when it has lost it. */
class WorkflowLeaseTest {
    private static final ServiceRef RDP = new ServiceRef("demo", "rdp");
    private final SimulatedService service = new SimulatedService(fleet(4, 3, 0, 2, 4).fleet(), NOW, 3600, 180);
    private final InMemoryLease lease = new InMemoryLease();
    private final Duration leaseDuration = Duration.ofMinutes(20);
    private final InMemoryScaleLedger ledger = new InMemoryScaleLedger();
    private final ScaleSteps steps = new ScaleSteps(Map.of(RDP, new StepsService(RDP, fleet(4, 3, 0, 2, 4).config(),
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/local", 8443)),
            new ScaleSteps.Ports(service, service, service, service, lease, ledger), leaseDuration, 2, service.clock());

    private JsonNode item() {
        var item = Json.MAPPER.createObjectNode().put("cluster", "demo").put("service", "rdp").put("executionName", "drain-1");
        item.putObject("victim").put("taskArn", arn("t1")).put("ip", "10.0.0.11");
        item.putObject("deregistered").put("verdict", "DEREGISTERED").put("deregisteredAt", NOW.toString())
                .put("delaySeconds", 3600).put("firstCheckSeconds", 3540).put("recheckSeconds", 60);
        return item;
    }

    @Test
    void everyDrainCheckRenewsTheLeaseSoADrainLongerThanTheLeaseKeepsIt() {
        lease.tryAcquire(RDP, "drain-1", NOW, leaseDuration);
        service.silence(arn("t1"), 86_400);  // unknown sessions: the drain waits for a heartbeat, minute after minute
        for (int minute = 1; minute <= 60; minute++) {
            service.advance(60);
            JsonNode check = steps.checkDrain(item());
            assertThat(check.path("verdict").asText()).as("minute " + minute).isIn("WAIT", "ABORT");
            assertThat(lease.current(RDP).orElseThrow().until()).isEqualTo(service.now().plus(leaseDuration));
        }
        assertThat(service.now()).as("an hour has passed, three times the lease").isAfterOrEqualTo(NOW.plus(leaseDuration.multipliedBy(3)));
        assertThat(lease.tryAcquire(RDP, "someone-else", service.now(), leaseDuration)).as("still ours").isFalse();
    }

    @Test
    void aDrainThatLostItsLeaseAbortsAndAStopThatLostItRefusesToStart() {
        lease.tryAcquire(RDP, "another-execution", NOW, leaseDuration);

        assertThat(steps.checkDrain(item()).path("reason").asText()).contains("no longer holds the service's lease");
        var state = Json.MAPPER.createObjectNode().put("cluster", "demo").put("service", "rdp").put("executionName", "drain-1");
        state.putObject("plan").putArray("stopping").add(arn("t1"));
        assertThatThrownBy(() -> steps.protectOthers(state)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> steps.lowerDesired(state)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aCordonOrReadmissionWithoutTheLeaseTouchesNothing() {
        // review finding: a redriven execution skips Prepare; it must not register or deregister a target meanwhile
        lease.tryAcquire(RDP, "another-execution", NOW, leaseDuration);
        var state = Json.MAPPER.createObjectNode().put("cluster", "demo").put("service", "rdp").put("executionName", "redriven-1");
        state.putArray("tasks").add(arn("t1"));

        JsonNode cordon = steps.cordon(state);
        JsonNode readmit = steps.readmit(state);

        assertThat(cordon.at("/refused/0/reason").asText()).contains("does not hold the service's lease");
        assertThat(readmit.at("/refused/0/reason").asText()).contains("does not hold the service's lease");
        assertThat(service.isRegistered(arn("t1"))).as("still in service, untouched").isTrue();
    }

    @Test
    void aDrainWithoutTheLeaseNeverTakesItsVictimOutOfTheLoadBalancer() {
        // a redriven scale-in skips Prepare: its Deregister must leave the task in service and unmarked
        lease.tryAcquire(RDP, "another-execution", NOW, leaseDuration);
        JsonNode item = item();
        ((com.fasterxml.jackson.databind.node.ObjectNode) item).remove("deregistered");

        steps.markDraining(item);
        JsonNode deregistered = steps.deregister(item);

        assertThat(deregistered.path("verdict").asText()).isEqualTo("ABORT");
        assertThat(deregistered.path("reason").asText()).contains("does not hold the service's lease");
        assertThat(service.isRegistered(arn("t1"))).isTrue();
        assertThat(ledger.read(RDP).marks()).as("unmarked").isEmpty();
    }

    @Test
    void aRedrivenDeregisterWhoseEarlierAttemptTookTheTargetOutPutsItBack() {
        // review finding: an attempt before the redrive had deregistered the victim; without the lease it goes back in
        lease.tryAcquire(RDP, "another-execution", NOW, leaseDuration);
        JsonNode item = item();
        ((com.fasterxml.jackson.databind.node.ObjectNode) item).remove("deregistered");
        ledger.putMark(RDP, new dev.sessionscaler.core.model.TaskMark(arn("t1"), dev.sessionscaler.core.model.TaskMark.Kind.DRAINING,
                "drain-1", NOW, null, true));
        service.deregister("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/local", "10.0.0.11", 8443);
        assertThat(service.isRegistered(arn("t1"))).isFalse();

        JsonNode deregistered = steps.deregister(item);

        assertThat(deregistered.path("verdict").asText()).isEqualTo("ABORT");
        assertThat(service.isRegistered(arn("t1"))).as("back in service").isTrue();
        assertThat(ledger.read(RDP).marks()).as("unmarked").isEmpty();
    }

    @Test
    void aRecoveryWithoutTheLeaseUndoesOnlyItsOwnExecutionsWork() {
        // review finding: a redriven Recover must not lift the protection a running execution set for its stop
        lease.tryAcquire(RDP, "running-1", NOW, leaseDuration);
        ledger.putMark(RDP, new dev.sessionscaler.core.model.TaskMark(arn("t1"), dev.sessionscaler.core.model.TaskMark.Kind.DRAINING,
                "running-1", NOW, null));
        ledger.putMark(RDP, new dev.sessionscaler.core.model.TaskMark(arn("t2"), dev.sessionscaler.core.model.TaskMark.Kind.DRAINING,
                "redriven-1", NOW, null));
        var state = Json.MAPPER.createObjectNode().put("cluster", "demo").put("service", "rdp").put("executionName", "redriven-1");

        steps.recover(state);

        assertThat(ledger.read(RDP).marks()).extracting(dev.sessionscaler.core.model.TaskMark::holder).containsExactly("running-1");
    }
}
