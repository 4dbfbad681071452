package dev.sessionscaler.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.sim.scenario.BuiltInScenarios;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.workflow.WorkflowBridge;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same seed gives the same summary, run after run: the first 90 minutes of tag-bursts (one burst) twice. */
class SimulationDeterminismTest {

    static Scenario firstMinutesOfTagBursts(int minutes) throws IOException {
        try (InputStream in = BuiltInScenarios.class.getResourceAsStream("/scenarios/tag-bursts.json")) {
            ObjectNode json = (ObjectNode) Json.MAPPER.readTree(in);
            json.put("durationMinutes", minutes);
            json.withArray("arrivals").removeAll().addObject().put("atMinute", 0).put("sessionsPerMinute", 8);
            json.withArray("arrivals").addObject().put("atMinute", 30).put("sessionsPerMinute", 8);
            json.withArray("arrivals").addObject().put("atMinute", 32).put("sessionsPerMinute", 80);
            json.withArray("arrivals").addObject().put("atMinute", 45).put("sessionsPerMinute", 80);
            json.withArray("arrivals").addObject().put("atMinute", 47).put("sessionsPerMinute", 8);
            return Scenario.fromJson(JsonInput.parseObject(Json.write(json)));
        }
    }

    @Test
    void aFixedSeedGivesTheSameSummaryTwice() throws IOException {
        Scenario scenario = firstMinutesOfTagBursts(90);
        SimulationResult first;
        SimulationResult second;
        try (WorkflowBridge bridge = new WorkflowBridge()) {
            first = Simulation.run(scenario, bridge, (p, d, t) -> { });
            second = Simulation.run(scenario, bridge, (p, d, t) -> { });
        }
        assertThat(first.policy(SessionAwareRun.NAME).outcome().scaleOutEvents()).as("the burst was scaled for").isPositive();
        Map<String, Object> summary = SimulationSummary.document(first, 0);
        assertThat(SimulationSummary.document(second, 0)).isEqualTo(summary);
        assertThat(second.policy(SessionAwareRun.NAME).timeline().billedTasks())
                .containsExactly(first.policy(SessionAwareRun.NAME).timeline().billedTasks());
    }
}
