package dev.sessionscaler.sim.cli;

import dev.sessionscaler.core.config.InvalidInputException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code session-scaler} command. Exit codes: 0 done, 1 unexpected failure, 2 invalid input
 * or usage (the message names the field). Only results go to stdout; errors and progress go to stderr.
 */
@Command(name = "session-scaler",
        mixinStandardHelpOptions = true,
        versionProvider = SessionScalerCli.Version.class,
        description = "Session-aware autoscaler for Amazon ECS: simulate it against ECS target tracking, or run its decision, ingest and scale workflow locally.",
        subcommands = {SimulateCommand.class, DecideCommand.class, IngestCommand.class, RunWorkflowCommand.class, IntegrationTestCommand.class, ScenariosCommand.class, TuneCommand.class, CheckConfigCommand.class, SidecarCommand.class, CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit codes: 0 success, 1 unexpected error, 2 invalid input or usage.",
                "Run 'session-scaler help <command>' for a command's options."})
public final class SessionScalerCli implements Callable<Integer> {
    public static final int EXIT_INVALID_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SessionScalerCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof InvalidInputException) {
                err.println("error: " + e.getMessage());
                err.flush();
                return EXIT_INVALID_INPUT;
            }
            err.println("error: unexpected failure: " + e);
            e.printStackTrace(err);
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: a command is required");
        spec.commandLine().usage(err);
        return EXIT_INVALID_INPUT;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SessionScalerCli.class.getPackage().getImplementationVersion();
            return new String[] {"session-scaler " + (version == null ? "(development build)" : version)};
        }
    }
}
