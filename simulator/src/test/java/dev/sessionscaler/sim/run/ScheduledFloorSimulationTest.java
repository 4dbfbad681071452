package dev.sessionscaler.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.workflow.WorkflowBridge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a schedule buys, on the same traffic (examples/rdp-rush.json: everyone logs in at 08:00 on weekdays), at fast
 * fidelity: the README quotes these figures.
 */
class ScheduledFloorSimulationTest {
    static final Path RUSH = Path.of("..", "examples", "rdp-rush.json");

    @Test
    void aFloorScheduledBeforeTheRushRefusesNoSessionWhereTheReactiveRulesAloneRefuseSome() throws IOException {
        Scenario scheduled = Scenario.fromJson(JsonInput.parseObject(Files.readString(RUSH)), RUSH.getParent());
        Scenario reactive = scheduled.withScaler(scheduled.scaler().toBuilder().schedules(List.of()).build("scaler"));
        PolicyResult.Outcome with;
        PolicyResult.Outcome without;
        try (WorkflowBridge bridge = new WorkflowBridge()) {
            with = Simulation.run(scheduled, bridge, (p, d, t) -> { }, Fidelity.FAST).policy(SessionAwareRun.NAME).outcome();
            without = Simulation.run(reactive, bridge, (p, d, t) -> { }, Fidelity.FAST).policy(SessionAwareRun.NAME).outcome();
        }

        assertThat(without.sessionsRejected()).as("the reactive rules alone lag the 08:00 rush").isEqualTo(51);
        assertThat(with.sessionsRejected()).as("ready before it").isZero();
        assertThat(with.overloadMinutes()).isZero();
        assertThat(with.sessionsInterrupted()).isZero();
        assertThat(without.sessionsInterrupted()).isZero();
        assertThat(with.taskMinutes() / without.taskMinutes()).as("for about what the rush needed anyway").isLessThan(1.01);
    }

    @Test
    void theLearnedFloorMakesTheSecondMondayReadyForTheRushTheFirstOneHad() throws IOException {
        Path week = Path.of("..", "examples", "rdp-rush-learned.json");
        Scenario learned = Scenario.fromJson(JsonInput.parseObject(Files.readString(week)), week.getParent());
        PolicyResult result;
        try (WorkflowBridge bridge = new WorkflowBridge()) {
            result = Simulation.run(learned, bridge, (p, d, t) -> { }, Fidelity.FAST).policy(SessionAwareRun.NAME);
        }
        int[] rejected = result.timeline().rejected();

        assertThat(rejectedOnDay(rejected, 1)).as("the first Monday: nothing learned yet, the reactive rules lag").isEqualTo(51);
        assertThat(rejectedOnDay(rejected, 8)).as("the next Monday: ready half an hour ahead").isZero();
        assertThat(result.outcome().sessionsInterrupted()).isZero();
        assertThat(result.decisions()).anyMatch(d -> d.contains("\"reason\":\"LEARNED_FLOOR\"") && d.contains("2026-01-12T07:"));
    }

    private static int rejectedOnDay(int[] perMinute, int day) {
        int sum = 0;
        for (int m = (day - 1) * 1440; m < day * 1440; m++) {
            sum += perMinute[m];
        }
        return sum;
    }
}
