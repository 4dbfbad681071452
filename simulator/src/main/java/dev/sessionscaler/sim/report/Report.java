package dev.sessionscaler.sim.report;

import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.sim.run.PolicyResult;
import dev.sessionscaler.sim.run.Simulation;
import dev.sessionscaler.sim.run.SimulationResult;
import dev.sessionscaler.sim.run.SimulationSummary;
import dev.sessionscaler.sim.run.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes a simulation's results to a directory: {@code summary.json}, {@code report.html} (summary table and
 * one row of charts per policy, as inline SVG), a PNG copy of every chart in {@code charts/}, and each policy's
 * decisions, one JSON document a line, in {@code decisions-<policy>.jsonl} (the session-aware policy's analyzer runs).
 */
public final class Report {
    private static final String BLUE = "#1f77b4";
    private static final String GREEN = "#2ca02c";
    private static final String ORANGE = "#ff7f0e";
    private static final String RED = "#d62728";
    private static final String GREY = "#7f7f7f";
    private static final String PURPLE = "#9467bd";

    /** What was written; {@code pngTextMissing} is true when the machine had no font for the PNGs' text. */
    public record Written(Path html, Path summary, List<Path> pngs, boolean pngTextMissing) {
    }

    private Report() {
    }

    public static Written write(SimulationResult result, Map<String, Object> summary, Path dir) {
        try {
            Path charts = Files.createDirectories(dir.resolve("charts"));
            Path summaryFile = dir.resolve("summary.json");
            Files.writeString(summaryFile, Json.writePretty(summary) + "\n", StandardCharsets.UTF_8);
            StringBuilder rows = new StringBuilder();
            List<Path> pngs = new ArrayList<>();
            Rendered overview = render(overview(result), overview(result).title(), charts.resolve("in-service-tasks.png"));
            pngs.add(overview.png());
            boolean textMissing = overview.textMissing();
            for (PolicyResult policy : result.policies()) {
                rows.append("<h2>").append(Html.escape(policy.policy())).append("</h2>\n<div class=\"row\">\n");
                for (Map.Entry<String, Chart> chart : charts(policy, result).entrySet()) {
                    Rendered each = render(chart.getValue(), policy.policy() + ": " + chart.getValue().title(),
                            charts.resolve(policy.policy() + "-" + chart.getKey() + ".png"));
                    rows.append(each.svg()).append('\n');
                    textMissing |= each.textMissing();
                    pngs.add(each.png());
                }
                rows.append("</div>\n");
            }
            for (PolicyResult policy : result.policies()) {
                if (!policy.decisions().isEmpty()) {
                    Files.write(dir.resolve("decisions-" + policy.policy() + ".jsonl"), policy.decisions(), StandardCharsets.UTF_8);
                }
            }
            Path html = dir.resolve("report.html");
            Files.writeString(html, page(result, summary, overview.svg(), rows.toString()), StandardCharsets.UTF_8);
            return new Written(html, summaryFile, pngs, textMissing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private record Rendered(String svg, Path png, boolean textMissing) {
    }

    /** The chart as inline SVG for the page, and as a PNG file. */
    private static Rendered render(Chart chart, String title, Path pngFile) throws IOException {
        SvgCanvas svg = new SvgCanvas(ChartPainter.WIDTH, ChartPainter.HEIGHT, title);
        ChartPainter.paint(chart, svg);
        PngCanvas png = new PngCanvas(ChartPainter.WIDTH, ChartPainter.HEIGHT);
        ChartPainter.paint(chart, png);
        ImageIO.write(png.finish(), "png", pngFile.toFile());
        return new Rendered(svg.finish(), pngFile, png.textSkipped());
    }

    static Map<String, Chart> charts(PolicyResult policy, SimulationResult result) {
        Timeline t = policy.timeline();
        Timeline oracle = result.policy(Simulation.ORACLE).timeline();
        Map<String, Chart> charts = new LinkedHashMap<>();
        charts.put("sessions", new Chart("Sessions", "sessions; bars: per minute",
                List.of(new Chart.Series("active", BLUE, doubles(t.activeSessions()))),
                List.of(new Chart.Series("rejected", ORANGE, doubles(t.rejected())),
                        new Chart.Series("interrupted", RED, doubles(t.interrupted())))));
        charts.put("tasks", new Chart("Tasks", "tasks",
                List.of(new Chart.Series("oracle", GREY, doubles(oracle.billedTasks())),
                        new Chart.Series("desired", PURPLE, doubles(t.desiredCount())),
                        new Chart.Series("billed", BLUE, doubles(t.billedTasks())),
                        new Chart.Series("in service", GREEN, doubles(t.inServiceTasks())),
                        new Chart.Series("cordoned or draining", ORANGE, doubles(t.outOfServiceTasks()))), List.of()));
        charts.put("cpu", new Chart("Average CPU", "percent",
                List.of(new Chart.Series("CPU", BLUE, t.averageCpuPercent())), List.of()));
        charts.put("decisions", new Chart("Scaling actions", "desired-count changes per minute", List.of(),
                List.of(new Chart.Series("scale-out", GREEN, doubles(t.scaleOuts())),
                        new Chart.Series("scale-in", ORANGE, doubles(t.scaleIns())))));
        return charts;
    }

    /** Every policy's tasks in service, minute by minute, against the oracle: the report's first chart. */
    static Chart overview(SimulationResult result) {
        String[] colors = {GREEN, RED, ORANGE, PURPLE, BLUE};
        List<Chart.Series> lines = new ArrayList<>();
        for (PolicyResult policy : result.policies()) {
            boolean oracle = policy.policy().equals(Simulation.ORACLE);
            lines.add(new Chart.Series(policy.policy(), oracle ? GREY : colors[lines.size() % colors.length],
                    doubles(oracle ? policy.timeline().billedTasks() : policy.timeline().inServiceTasks())));
        }
        return new Chart("Tasks in service, every policy against the oracle", "tasks", lines, List.of());
    }

    private static double[] doubles(int[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static String page(SimulationResult result, Map<String, Object> summary, String overview, String chartRows) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> policies = (List<Map<String, Object>>) summary.get("policies");
        String decision = table(policies, List.of("policy", "sessionsInterrupted", "sessionsRejected", "monthlyTaskCostUsd",
                "scalerMonthlyCostUsd", "efficiency"));
        List<String> columns = new ArrayList<>(policies.get(0).keySet());
        columns.remove("scalerMonthlyCost");
        String all = table(policies, columns) + bill(policies);
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) summary.get("taskSize");
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Session Scaler simulation: %1$s</title>
                <style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}
                td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}
                .row{display:flex;flex-wrap:wrap;gap:8px}.note{color:#555;font-size:13px;max-width:70em}
                .headline{font-size:17px;max-width:60em}</style></head><body>
                <h1>Session Scaler simulation: %1$s</h1>
                <p class="headline">%9$s</p>
                %10$s
                <p class="note">Sessions cut by a stopped task, sessions refused for want of a free slot, and what the tasks would
                cost a month on Fargate (%11$s, at the us-east-1 on-demand list price of $%12$s a task-hour)
                beside the scaler's own AWS bill, both scaled from this run to 30 days.</p>
                %13$s
                <p>%2$s</p>
                <p>%3$d simulated minutes from %14$s, seed %4$d, %5$s s of wall time. Oracle: %6$d task-minutes.</p>
                %7$s
                <p class="note">Simulated, not measured on AWS: ECS, the load balancer and CloudWatch are models (README,
                "Simulator"); the session-aware policy ran its real handlers and the real workflow on aws-local-stepfunctions,
                %15$s. Efficiency is the oracle's task-minutes over the policy's. PNG copies of every chart are
                in <code>charts/</code>.</p>
                %8$s
                </body></html>
                """.formatted(Html.escape(result.scenario().name()), Html.escape(result.scenario().description()),
                result.scenario().durationMinutes(), result.scenario().seed(), summary.get("wallSeconds"), result.oracleTaskMinutes(),
                all, chartRows, Html.escape(String.valueOf(summary.get("headline"))), decision, size.get("label"),
                size.get("usdPerTaskHour"), overview,
                Html.escape(String.valueOf(summary.get("startsAt"))), result.fidelity() == dev.sessionscaler.sim.run.Fidelity.FULL
                        ? "with ElasticMQ and DynamoDB Local" : "with the in-memory stores and direct delivery (--fast)");
    }

    /** The session-aware policy's own AWS bill, by component (the others run no Session Scaler). */
    private static String bill(List<Map<String, Object>> policies) {
        @SuppressWarnings("unchecked")
        Map<String, Object> cost = (Map<String, Object>) policies.get(0).get("scalerMonthlyCost");
        List<Map<String, Object>> rows = new ArrayList<>();
        cost.forEach((component, usd) -> rows.add(Map.of("component", component, "USD a month", usd)));
        return "<h3>Session Scaler's own bill, " + Html.escape(String.valueOf(policies.get(0).get("policy"))) + "</h3>\n"
                + table(rows, List.of("component", "USD a month"))
                + "<p class=\"note\">From what the run counted (events, requests, invocations, transitions, metrics) and the"
                + " sizes of the DynamoDB items written, at us-east-1 list prices; the total is with reporters sending straight to"
                + " the queue; <code>apiGatewayIfUsed</code> is what the private API would add (README, \"What Session Scaler"
                + " costs\").</p>\n";
    }

    private static String table(List<Map<String, Object>> rows, List<String> columns) {
        StringBuilder table = new StringBuilder("<table>\n<tr>");
        columns.forEach(c -> table.append("<th>").append(Html.escape(c)).append("</th>"));
        table.append("</tr>\n");
        for (Map<String, Object> row : rows) {
            table.append("<tr>");
            columns.forEach(c -> table.append("<td>").append(Html.escape(String.valueOf(row.get(c)))).append("</td>"));
            table.append("</tr>\n");
        }
        return table.append("</table>\n").toString();
    }
}
