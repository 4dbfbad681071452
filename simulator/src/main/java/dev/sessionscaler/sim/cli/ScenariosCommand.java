package dev.sessionscaler.sim.cli;

import dev.sessionscaler.sim.scenario.BuiltInScenarios;
import dev.sessionscaler.sim.scenario.Oracle;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.SessionTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code session-scaler scenarios}: the built-in what-if scenarios and the traffic each generates. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        header = "List the built-in scenarios with their sessions and the oracle's task-minutes.",
        description = {"List the built-in scenarios, with the sessions each generates and the oracle's task-minutes",
                "(the fewest tasks that could have served them)."})
final class ScenariosCommand implements Callable<Integer> {
    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Scenario scenario : BuiltInScenarios.all()) {
            List<SessionTrace.Session> sessions = SessionTrace.generate(scenario);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", scenario.name());
            row.put("description", scenario.description());
            row.put("durationMinutes", scenario.durationMinutes());
            row.put("sessions", sessions.size());
            row.put("oracleTaskMinutes", Oracle.taskMinutes(Oracle.tasksPerMinute(scenario, sessions)));
            rows.add(row);
        }
        output.print(rows, () -> {
            StringBuilder text = new StringBuilder();
            for (Map<String, Object> row : rows) {
                text.append(String.format("%-12s %5d min  %6d sessions  oracle %7d task-minutes%n  %s%n", row.get("name"),
                        row.get("durationMinutes"), row.get("sessions"), row.get("oracleTaskMinutes"), row.get("description")));
            }
            return text.toString().stripTrailing();
        });
        return 0;
    }
}
