package dev.sessionscaler.sim.cli;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.sim.report.Html;
import dev.sessionscaler.sim.run.Tuner;
import dev.sessionscaler.sim.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code session-scaler tune}: a grid of configurations on one scenario or trace, and the cheapest safe one. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        header = "Try a grid of scaler settings on a scenario or trace and recommend the cheapest that cuts no session.",
        description = {"Run the session-aware policy (fast fidelity: the real handlers and workflow, sessions in memory) with"
                + " each combination of target and scale-in utilisation, free-slot buffer, scale-in stabilization and scale-in"
                + " mode, in parallel, on the same traffic. Recommend the configuration with the fewest task-minutes that"
                + " interrupted no session and rejected no more sessions than the scenario's own configuration; it is a"
                + " complete ScalerConfig, valid as it is for 'decide' and for services[].config in the deployment config.",
                "Writes tune.html to --out and prints the candidates, or with --json one document."})
final class TuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOutput output;

    @Mixin
    ScenarioOption scenario;

    @Option(names = "--grid", paramLabel = "DEFAULT|SMALL", defaultValue = "DEFAULT",
            description = "DEFAULT tries 32 combinations; SMALL tries 4 (target utilisation and scale-in mode), for a quick look."
                    + " Default: ${DEFAULT-VALUE}.")
    Tuner.Grid grid;

    @Option(names = "--workers", paramLabel = "N",
            description = "Simulations run at once, 1 to 64. Default: the machine's cores.")
    Integer workers;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sim-out",
            description = "Directory for tune.html (created if missing). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() {
        int threads = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (threads < 1 || threads > 64) {
            throw new InvalidInputException("--workers", "must be between 1 and 64, got " + threads);
        }
        Scenario chosen = scenario.load();
        ScenarioOption.checkWritable("--out", out);
        PrintWriter err = spec.commandLine().getErr();
        if (chosen.recorded() != null) {
            err.println(chosen.recorded().describe());
        }
        Progress progress = new Progress(err, "tune", Tuner.configs(chosen, grid).size());
        Tuner.Result result = Tuner.run(chosen, grid, threads, progress::update);
        progress.finish();
        Map<String, Object> document = document(result);
        Path page = out.resolve("tune.html");
        writePage(page, chosen, result);
        output.print(document, () -> text(result));
        err.println("tune page: " + page.toAbsolutePath());
        err.flush();
        return 0;
    }

    static Map<String, Object> document(Tuner.Result result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("recommended", result.deployable());
        document.put("baseline", row(result.baseline()));
        List<Map<String, Object>> candidates = new ArrayList<>();
        sorted(result).forEach(c -> candidates.add(row(c)));
        document.put("candidates", candidates);
        return document;
    }

    private static List<Tuner.Candidate> sorted(Tuner.Result result) {
        return result.candidates().stream().sorted(Comparator.comparingDouble((Tuner.Candidate c) -> c.outcome().taskMinutes())
                .thenComparingInt(c -> c.outcome().sessionsRejected())).toList();
    }

    private static Map<String, Object> row(Tuner.Candidate c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("config", c.config());
        row.put("efficiency", Math.round(c.efficiency() * 1000) / 1000.0);
        row.put("sessionsRejected", c.outcome().sessionsRejected());
        row.put("sessionsInterrupted", c.outcome().sessionsInterrupted());
        row.put("taskMinutes", Math.round(c.outcome().taskMinutes() * 10) / 10.0);
        row.put("monthlyTaskCostUsd", c.monthlyTaskCostUsd());
        return row;
    }

    private static final String ROW = "%-6s %6s %7s %6s %6s %-9s %10s %8s %11s %10s %10s%n";

    private static String text(Tuner.Result result) {
        StringBuilder text = new StringBuilder(String.format(ROW, "", "target", "scaleIn", "buffer", "stab s", "mode",
                "efficiency", "rejected", "interrupted", "task-min", "tasks $/mo"));
        for (Tuner.Candidate c : sorted(result)) {
            String mark = c == result.recommended() ? "best" : c == result.baseline() ? "given" : "";
            if (c == result.recommended() && c == result.baseline()) {
                mark = "given*";
            }
            text.append(String.format(Locale.ROOT, ROW, mark, c.config().targetSessionUtilization(),
                    c.config().scaleInSessionUtilization(), c.config().bufferIdleSlots(), c.config().scaleInStabilizationSeconds(),
                    c.config().scaleInMode(), String.format(Locale.ROOT, "%.3f", c.efficiency()), c.outcome().sessionsRejected(),
                    c.outcome().sessionsInterrupted(), String.format(Locale.ROOT, "%.1f", c.outcome().taskMinutes()),
                    String.format(Locale.ROOT, "%,.0f", c.monthlyTaskCostUsd())));
        }
        Tuner.Candidate best = result.recommended();
        Tuner.Candidate given = result.baseline();
        text.append(String.format(Locale.ROOT, "%n%d candidates on %d workers. ", result.candidates().size(), result.workers()));
        if (best == given && given.outcome().sessionsInterrupted() > 0) {
            text.append(String.format(Locale.ROOT, "Warning: every candidate cut sessions, the given configuration %d of them; no"
                    + " configuration in the grid is safe on this traffic. The given one, for reference:",
                    given.outcome().sessionsInterrupted()));
        } else if (best == given) {
            text.append("No candidate was cheaper without cutting a session or refusing more than the given configuration;"
                    + " keep it:");
        } else {
            text.append(String.format(Locale.ROOT, "Recommended (tasks $%,.0f a month against $%,.0f for the given configuration,"
                    + " %d sessions rejected against %d, none cut):", best.monthlyTaskCostUsd(), given.monthlyTaskCostUsd(),
                    best.outcome().sessionsRejected(), given.outcome().sessionsRejected()));
        }
        text.append(" it goes in services[].config as it is, in dry run; set \"dryRun\": false once its recorded decisions"
                + " look right.");
        return text.append('\n').append(Json.writePretty(result.deployable())).toString();
    }

    private static void writePage(Path page, Scenario scenario, Tuner.Result result) {
        StringBuilder rows = new StringBuilder();
        for (Tuner.Candidate c : sorted(result)) {
            String mark = c == result.recommended() ? " style=\"background:#e6f4ea\"" : c == result.baseline() ? " style=\"background:#f3f3f3\"" : "";
            rows.append(String.format(Locale.ROOT, "<tr%s><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.3f</td><td>%d</td>"
                            + "<td>%d</td><td>%.1f</td><td>%,.0f</td></tr>%n", mark,
                    c == result.recommended() ? "recommended" : c == result.baseline() ? "given" : "",
                    c.config().targetSessionUtilization(), c.config().scaleInSessionUtilization(), c.config().bufferIdleSlots(),
                    c.config().scaleInStabilizationSeconds() + " s, " + c.config().scaleInMode(), c.efficiency(),
                    c.outcome().sessionsRejected(), c.outcome().sessionsInterrupted(), c.outcome().taskMinutes(),
                    c.monthlyTaskCostUsd()));
        }
        String html = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Session Scaler tuning: %1$s</title>
                <style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}
                td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}pre{background:#f7f7f7;padding:8px}
                </style></head><body>
                <h1>Session Scaler tuning: %1$s</h1>
                <p>%2$d configurations of the session-aware policy on the same traffic (fast fidelity: the real handlers and
                workflow, sessions in memory; ECS, the load balancer and CloudWatch simulated), cheapest first. The recommended one
                has the fewest task-minutes among those that cut no session and refused no more sessions than the given one.</p>
                <table><tr><th></th><th>target</th><th>scale-in</th><th>buffer</th><th>stabilization, mode</th><th>efficiency</th>
                <th>rejected</th><th>interrupted</th><th>task-minutes</th><th>tasks $/month</th></tr>
                %3$s</table>
                <h2>Recommended ScalerConfig</h2>
                <pre>%4$s</pre>
                </body></html>
                """.formatted(Html.escape(scenario.name()), result.candidates().size(), rows, Html.escape(Json.writePretty(result.deployable())));
        try {
            Files.writeString(page, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + page + ": " + e.getMessage(), e);
        }
    }
}
