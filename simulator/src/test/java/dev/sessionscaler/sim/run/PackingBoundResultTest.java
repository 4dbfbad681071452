package dev.sessionscaler.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.SessionTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackingBoundResultTest {
    private static Scenario oneMinute(int maxTasks) {
        return Scenario.fromJson(JsonInput.parseObject("""
                {"name": "tiny", "seed": 1, "durationMinutes": 1,
                 "service": {"minTasks": 1, "maxTasks": %d, "initialTasks": 1, "sessionsPerTask": 2, "taskStartSeconds": 60,
                             "healthCheckSeconds": 0, "deregistrationDelaySeconds": 3600, "baseCpuPercent": 0,
                             "cpuPerSessionPercent": 10, "availabilityZones": ["a"]},
                 "arrivals": [{"atMinute": 0, "sessionsPerMinute": 1}], "sessionMinutes": {"median": 1, "p95": 2}}
                """.formatted(maxTasks)));
    }

    // two sessions at 0 (ending at 30 and 50) fill the first task; one at 10 (ending at 20) needs a second
    private static final List<SessionTrace.Session> TRACE = List.of(new SessionTrace.Session(0, 0, 30),
            new SessionTrace.Session(1, 0, 50), new SessionTrace.Session(2, 10, 10));

    @Test
    void packsOntoTheFullestTaskStartsOneInstantlyWhenFullAndStopsItTheMomentItEmpties() {
        PolicyResult result = PackingBoundResult.of(oneMinute(3), TRACE);
        // 1 task for seconds 1-10, 2 for 11-19, then 1 (the floor keeps the emptied first task) until 60: 69 task-seconds
        assertThat(result.outcome().taskMinutes()).isEqualTo(69 / 60.0);
        assertThat(result.outcome().sessionsStarted()).isEqualTo(3);
        assertThat(result.outcome().sessionsRejected()).isZero();
        assertThat(result.outcome().scaleOutEvents()).isEqualTo(1);
        assertThat(result.outcome().scaleInEvents()).isEqualTo(1);
        assertThat(result.timeline().billedTasks()).containsExactly(1);
    }

    @Test
    void atMaxTasksANewSessionIsRejected() {
        PolicyResult result = PackingBoundResult.of(oneMinute(1), TRACE);
        assertThat(result.outcome().sessionsRejected()).isEqualTo(1);
        assertThat(result.outcome().taskMinutes()).isEqualTo(1.0);
    }
}
