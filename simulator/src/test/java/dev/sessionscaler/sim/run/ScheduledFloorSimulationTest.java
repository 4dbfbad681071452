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
}
