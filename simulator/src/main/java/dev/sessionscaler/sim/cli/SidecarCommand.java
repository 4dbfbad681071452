package dev.sessionscaler.sim.cli;

import dev.sessionscaler.reporter.sidecar.Sidecar;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code session-scaler sidecar}: the connection-counting sidecar of the session-reporter module, the same program
 * as its runnable jar. Its options are its own (see {@code --help}), passed through as they are.
 */
@Command(name = "sidecar",
        header = "Report an application's inbound TCP connections as sessions, with no change to it.",
        description = {"The connection-counting sidecar (also a runnable jar, session-scaler-sidecar.jar): runs beside the"
                + " application in its ECS task. Its options are listed by 'session-scaler sidecar --help'."})
final class SidecarCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return Sidecar.run(args.toArray(String[]::new), spec.commandLine().getOut(), spec.commandLine().getErr(), System.getenv());
    }
}
