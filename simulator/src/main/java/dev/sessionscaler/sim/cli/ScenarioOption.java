package dev.sessionscaler.sim.cli;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.sim.scenario.BuiltInScenarios;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.scenario.TraceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --scenario NAME|FILE} and {@code --trace FILE}, the options {@code simulate} and {@code tune} share. */
final class ScenarioOption {
    @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "rdp-workday",
            description = "A built-in scenario (see 'session-scaler scenarios') or a scenario JSON file; its scaler block is the"
                    + " session-aware policy's configuration. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Replay recorded sessions (CSV with start and end columns, or JSON Lines of session events) on the"
                    + " scenario's service instead of its own traffic; the run lasts from the trace's first start to its last end.")
    Path trace;

    /** A built-in by name or a scenario file (its trace relative to it); {@code --trace}, if given, replaces its traffic. */
    Scenario load() {
        Scenario chosen;
        if (scenario.endsWith(".json") || scenario.contains("/")) {
            Path directory = "-".equals(scenario) ? Path.of("") : parentOf(Path.of(scenario));
            chosen = InputFiles.parse("--scenario", scenario, System.in, json -> Scenario.fromJson(json, directory));
        } else {
            chosen = BuiltInScenarios.load(scenario);
        }
        return trace == null ? chosen : chosen.withTrace(TraceFile.read(trace, trace.toString()));
    }

    /** Before a run of minutes, not after: the output directory must be creatable and writable. */
    static void checkWritable(String option, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(option, "cannot create directory " + dir + ": " + e);
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException(option, "cannot write to directory " + dir);
        }
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("") : parent;
    }
}
