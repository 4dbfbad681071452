package dev.sessionscaler.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.TaskSize;
import dev.sessionscaler.sim.workflow.SimulatedService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated ECS service, load balancer and CloudWatch behave as the README's simulator section says. */
class SimulatedWorldModelTest {
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final SimulatedService.Model MODEL =
            new SimulatedService.Model(60, 20, List.of("us-east-1a", "us-east-1b", "us-east-1c"), 120);

    private static SimulatedService service(int tasks) {
        return new SimulatedService(ScenarioWorld.SERVICE, MODEL, tasks, T0);
    }

    @Test
    void aNewTaskTakesSessionsOnlyAfterItStartedAndPassedItsHealthChecks() {
        SimulatedService service = service(1);
        service.setDesiredCount(ScenarioWorld.SERVICE, 2);

        service.advance(1 + 60 + 19);  // ECS starts it on the next second; it runs after 60 s and is healthy 20 s later
        assertThat(service.inServiceTasks()).isEqualTo(1);
        assertThat(service.billedTasks()).as("starting tasks are billed").isEqualTo(2);
        service.advance(1);
        assertThat(service.inServiceTasks()).isEqualTo(2);
    }

    @Test
    void sessionsGoRoundRobinToTasksWithAFreeSlotAndAreRejectedWhenAllAreFull() {
        SimulatedService service = service(2);
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            placed.add(service.routeSession("s" + i, 2));
        }
        assertThat(placed).doesNotContainNull();
        assertThat(placed.stream().distinct()).hasSize(2);
        assertThat(service.routeSession("s4", 2)).as("every slot is taken").isNull();
        service.endSession(placed.get(0), "s0");
        assertThat(service.routeSession("s5", 2)).isEqualTo(placed.get(0));
    }

    @Test
    void ecsDrainsAVictimBeforeStoppingItAndTheLoadBalancerCutsWhatOutlivesTheDelay() {
        SimulatedService service = service(2);
        List<String> cut = new ArrayList<>();
        service.onSessionsCut((task, ids) -> cut.addAll(ids));
        String first = service.routeSession("a", 5);
        String second = service.routeSession("b", 5);
        assertThat(first).isNotEqualTo(second);

        service.setDesiredCount(ScenarioWorld.SERVICE, 1);
        service.advance(1);
        assertThat(service.liveTasks()).isEqualTo(1);
        assertThat(service.inServiceTasks()).as("the victim is deregistered at once").isEqualTo(1);
        assertThat(cut).as("its session lives through the drain").isEmpty();

        service.advance(120);
        assertThat(cut).as("cut when the deregistration delay expires").hasSize(1);
        assertThat(service.sessionsInterrupted()).isEqualTo(1);
        service.advance(31);
        assertThat(service.billedTasks()).isEqualTo(1);
    }

    @Test
    void aDrainEndsEarlyWhenTheLastSessionEnds() {
        SimulatedService service = service(2);
        String first = service.routeSession("a", 5);
        String second = service.routeSession("b", 5);
        service.setDesiredCount(ScenarioWorld.SERVICE, 1);
        service.advance(10);
        String victim = service.isLive(first) ? second : first;
        service.endSession(victim, victim.equals(first) ? "a" : "b");

        service.advance(1 + 30);
        assertThat(service.billedTasks()).isEqualTo(1);
        assertThat(service.sessionsInterrupted()).isZero();
    }

    @Test
    void replacementsGoToTheLeastUsedZone() {
        SimulatedService service = service(3);
        assertThat(service.read(ScenarioWorld.SERVICE).tasks()).extracting(t -> t.availabilityZone())
                .containsExactlyInAnyOrder("us-east-1a", "us-east-1b", "us-east-1c");
    }

    @Test
    void aMinutesDatapointIsTheAverageOverTasksAndSecondsPublishedAMinuteAfterItEnds() {
        Scenario.ServiceModel model = new Scenario.ServiceModel(1, 4, 1, 10, 60, 0,
                new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 120, false), 0, 5, 10, List.of("us-east-1a"), TaskSize.DEFAULT);
        SimulatedCloudWatch cloudWatch = new SimulatedCloudWatch(T0, model, 10);
        for (int second = 1; second <= 60; second++) {
            cloudWatch.sample(second, List.of(new SimulatedService.TaskView("t1", 1, true), new SimulatedService.TaskView("t2", 3, true)));
        }
        assertThat(cloudWatch.averageCpu(0)).isEqualTo(25.0);  // (15 + 35) / 2
        assertThat(cloudWatch.read(ScenarioWorld.SERVICE, List.of(), T0.plusSeconds(119)).serviceCpuPercent()).isNull();
        var published = cloudWatch.read(ScenarioWorld.SERVICE, List.of(), T0.plusSeconds(120));
        assertThat(published.serviceCpuPercent()).isEqualTo(25.0);
        assertThat(published.serviceMaxCpuPercent()).isEqualTo(35.0);
    }
}
