package dev.sessionscaler.sim.cli;

import dev.sessionscaler.sim.scenario.BuiltInScenarios;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.TraceFile;
import java.nio.file.Path;

/** {@code --scenario NAME|FILE} and {@code --trace FILE}, as {@code simulate} and {@code tune} read them. */
final class ScenarioOption {
    private ScenarioOption() {
    }

    /** A built-in by name or a scenario file (its trace relative to it); {@code trace}, if given, replaces its traffic. */
    static Scenario load(String scenario, Path trace) {
        Scenario chosen;
        if (scenario.endsWith(".json") || scenario.contains("/")) {
            Path directory = "-".equals(scenario) ? Path.of("") : parentOf(Path.of(scenario));
            chosen = InputFiles.parse("--scenario", scenario, System.in, json -> Scenario.fromJson(json, directory));
        } else {
            chosen = BuiltInScenarios.load(scenario);
        }
        return trace == null ? chosen : chosen.withTrace(TraceFile.read(trace, trace.toString()));
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("") : parent;
    }
}
