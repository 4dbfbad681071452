package dev.sessionscaler.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.drain.DrainCheck;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.sim.workflow.SimulatedService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated target group: the deregistration lag, ALB and NLB at the end of the delay, and re-registration. */
class SimulatedLoadBalancerTest {
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final String TG = "tg";
    private static final TargetGroupFacts ALB = new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 600, false);
    private static final TargetGroupFacts NLB = new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.NLB, 600, false);
    private static final TargetGroupFacts NLB_TERMINATING = new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.NLB, 600, true);

    private final List<String> cut = new ArrayList<>();

    private SimulatedService service(TargetGroupFacts targetGroup, int lagSeconds) {
        SimulatedService service = new SimulatedService(ScenarioWorld.SERVICE,
                new SimulatedService.Model(60, 0, List.of("us-east-1a"), targetGroup, lagSeconds), 2, T0);
        service.onSessionsCut((task, ids) -> cut.addAll(ids));
        return service;
    }

    private static EcsTask first(SimulatedService service) {
        return service.read(ScenarioWorld.SERVICE).tasks().get(0);
    }

    @Test
    void aDeregisteredTargetStillGetsNewSessionsDuringTheLagAndNoneAfter() {
        SimulatedService service = service(ALB, 60);
        EcsTask task = first(service);
        service.deregister(TG, task.privateIpv4Address(), 8443);

        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            placed.add(service.routeSession("early" + i, 10));
        }
        assertThat(placed).as("round robin still includes the deregistered target").contains(task.taskArn());
        service.advance(60);
        for (int i = 0; i < 6; i++) {
            assertThat(service.routeSession("late" + i, 10)).isNotEqualTo(task.taskArn());
        }
        assertThat(service.state(TG, task.privateIpv4Address(), 8443)).as("its sessions keep it draining")
                .isEqualTo(DrainCheck.TargetState.DRAINING);
    }

    @Test
    void withoutALagTheTargetGetsNothingOnceDeregistered() {
        SimulatedService service = service(ALB, 0);
        EcsTask task = first(service);
        service.deregister(TG, task.privateIpv4Address(), 8443);
        for (int i = 0; i < 6; i++) {
            assertThat(service.routeSession("s" + i, 10)).isNotEqualTo(task.taskArn());
        }
    }

    @Test
    void anAlbClosesWhatIsStillOpenWhenTheDelayExpires() {
        SimulatedService service = service(ALB, 0);
        EcsTask task = first(service);
        service.addSession(task.taskArn());
        service.deregister(TG, task.privateIpv4Address(), 8443);
        service.advance(599);
        assertThat(cut).isEmpty();
        service.advance(1);
        assertThat(cut).hasSize(1);
        assertThat(service.state(TG, task.privateIpv4Address(), 8443)).isEqualTo(DrainCheck.TargetState.NOT_REGISTERED);
    }

    @Test
    void anNlbWithoutConnectionTerminationLeavesTheSessionsOpenAfterTheDelay() {
        SimulatedService service = service(NLB, 0);
        EcsTask task = first(service);
        service.addSession(task.taskArn());
        service.deregister(TG, task.privateIpv4Address(), 8443);
        service.advance(3600);
        assertThat(cut).isEmpty();
        assertThat(service.state(TG, task.privateIpv4Address(), 8443)).isEqualTo(DrainCheck.TargetState.NOT_REGISTERED);
        assertThat(service.sessionsByRunningTask().get(task.taskArn())).hasSize(1);
        assertThat(service.outOfServiceTasks()).as("running, out of the load balancer").isEqualTo(1);
    }

    @Test
    void anNlbWithConnectionTerminationClosesThemLikeAnAlb() {
        SimulatedService service = service(NLB_TERMINATING, 0);
        EcsTask task = first(service);
        service.addSession(task.taskArn());
        service.deregister(TG, task.privateIpv4Address(), 8443);
        service.advance(600);
        assertThat(cut).hasSize(1);
    }

    @Test
    void registeringADrainingTargetAgainPutsItBackInServiceWithItsSessions() {
        SimulatedService service = service(ALB, 0);
        EcsTask task = first(service);
        service.addSession(task.taskArn());
        service.deregister(TG, task.privateIpv4Address(), 8443);
        service.advance(300);
        service.register(TG, task.privateIpv4Address(), 8443);
        service.advance(600);
        assertThat(cut).isEmpty();
        assertThat(service.inServiceTasks()).isEqualTo(2);
        assertThat(service.outOfServiceTasks()).isZero();
        assertThat(service.facts(TG)).isEqualTo(ALB);
    }

    @Test
    void busyTasksProtectThemselvesAndReleaseProtectionWhenIdle() {
        SimulatedService service = service(ALB, 0);
        EcsTask task = first(service);
        service.addSession(task.taskArn());
        service.protectBusyTasks(60, 55);
        assertThat(service.protectedTasks()).containsExactly(task.taskArn());
        service.setDesiredCount(ScenarioWorld.SERVICE, 1);
        service.advance(1);
        assertThat(service.isLive(task.taskArn())).as("ECS stops the unprotected idle task instead").isTrue();
        service.endSession(task.taskArn(), "anonymous-1");
        service.protectBusyTasks(60, 55);
        assertThat(service.protectedTasks()).isEmpty();
    }
}
