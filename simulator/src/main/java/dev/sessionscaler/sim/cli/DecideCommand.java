package dev.sessionscaler.sim.cli;

import dev.sessionscaler.core.decision.Decision;
import dev.sessionscaler.core.decision.DecisionInput;
import dev.sessionscaler.core.decision.DecisionPipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code session-scaler decide}: runs the real decision pipeline on a fleet snapshot file. */
@Command(name = "decide", mixinStandardHelpOptions = true,
        header = "Decide what one service needs from a fleet snapshot, as the analyzer would.",
        description = {"Decide scale-out, scale-in or nothing for one service from a fleet snapshot.",
                "The input holds config, now, service, serviceCpuPercent, serviceMemoryPercent, tasks and history",
                "(see README). Nothing is changed anywhere: this only runs the decision pipeline."})
final class DecideCommand implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Fleet snapshot JSON file, or - for standard input.")
    String input;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        DecisionInput fleet = InputFiles.parse("--input", input, System.in, DecisionInput::fromJson);
        Decision decision = new DecisionPipeline().decide(fleet);
        output.print(decision, () -> DecisionReport.render(decision));
        return 0;
    }
}
