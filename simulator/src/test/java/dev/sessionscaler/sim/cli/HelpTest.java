package dev.sessionscaler.sim.cli;

import static dev.sessionscaler.sim.cli.DecideCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {
    @Test
    void everyCommandsSummaryInTheListIsAWholeSentence() {
        DecideCommandTest.Run help = run("--help");
        assertThat(help.exit()).isZero();

        List<String> summaries = commandSummaries(help.out());

        assertThat(summaries).hasSize(SessionScalerCli.commandLine().getSubcommands().size());
        assertThat(summaries).allSatisfy(summary -> assertThat(summary).as(summary).endsWith("."));
    }

    @Test
    void everyCommandHasAOneSentenceHeader() {
        for (CommandLine command : SessionScalerCli.commandLine().getSubcommands().values()) {
            if (command.getCommandName().equals("help")) {
                continue;  // picocli's own
            }
            String[] header = command.getCommandSpec().usageMessage().header();
            assertThat(header).as(command.getCommandName()).hasSize(1);
            assertThat(header[0]).as(command.getCommandName()).endsWith(".").hasSizeLessThan(140);
        }
    }

    /** The "Commands:" section: each command's name, then its summary, joined over wrapped lines. */
    private static List<String> commandSummaries(String usage) {
        List<String> summaries = new ArrayList<>();
        boolean inCommands = false;
        for (String line : usage.lines().toList()) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.isBlank()) {
                break;
            } else if (inCommands && line.startsWith("  ") && !line.startsWith("   ")) {
                summaries.add(line.strip().replaceFirst("^\\S+\\s+", ""));
            } else if (inCommands) {
                summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
            }
        }
        return summaries;
    }
}
