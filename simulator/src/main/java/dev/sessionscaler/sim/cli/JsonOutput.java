package dev.sessionscaler.sim.cli;

import dev.sessionscaler.core.config.Json;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --json} option every command shares: one JSON document on stdout, or a human text. */
final class JsonOutput {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print the result as one JSON document (and nothing else) on stdout.")
    boolean json;

    void print(Object document, Supplier<String> text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.writePretty(document) : text.get());
        out.flush();
    }
}
