package dev.sessionscaler.core.policy;

import static dev.sessionscaler.core.Fleets.NOW;
import static dev.sessionscaler.core.Fleets.arn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceMetrics;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.model.TaskState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetAssemblerTest {

    @Test
    void joinsEcsSessionsMetricsAndLedgerMarksByTaskArn() {
        var ecs = new ServiceFleet(new ServiceState("demo", "rdp", 2, false), List.of(
                new EcsTask(arn("a"), "us-east-1a", NOW.minusSeconds(3600), TaskLifecycle.RUNNING, true, false, null),
                new EcsTask(arn("b"), "us-east-1b", NOW.minusSeconds(3600), TaskLifecycle.RUNNING, true, true, "10.0.1.7")));
        var metrics = new ServiceMetrics(40.0, 30.0, 80.0, Map.of(arn("a"), new ServiceMetrics.TaskMetrics(55.0, 20.0)));
        var sessions = Map.of(arn("a"), new TaskSessions(arn("a"), 3, NOW.minusSeconds(20), NOW.minusSeconds(50)));

        var marks = List.of(new dev.sessionscaler.core.model.TaskMark(arn("a"), dev.sessionscaler.core.model.TaskMark.Kind.DRAINING,
                "demo-rdp-20260101T0950Z", NOW.minusSeconds(60), null));

        var snapshot = FleetAssembler.assemble(ecs, metrics, sessions, marks);

        assertThat(snapshot.serviceCpuPercent()).isEqualTo(40.0);
        assertThat(snapshot.serviceMaxCpuPercent()).isEqualTo(80.0);
        assertThat(snapshot.tasks()).containsExactly(
                new TaskState(arn("a"), "us-east-1a", NOW.minusSeconds(3600), TaskLifecycle.RUNNING, true, false,
                        true, 3, NOW.minusSeconds(20), NOW.minusSeconds(50), 55.0, 20.0, null, null),
                new TaskState(arn("b"), "us-east-1b", NOW.minusSeconds(3600), TaskLifecycle.RUNNING, true, true,
                        false, 0, null, null, null));
    }
}
