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
            boolean textMissing = false;
            for (PolicyResult policy : result.policies()) {
                rows.append("<h2>").append(Html.escape(policy.policy())).append("</h2>\n<div class=\"row\">\n");
                for (Map.Entry<String, Chart> chart : charts(policy, result).entrySet()) {
                    SvgCanvas svg = new SvgCanvas(ChartPainter.WIDTH, ChartPainter.HEIGHT, policy.policy() + ": " + chart.getValue().title());
                    ChartPainter.paint(chart.getValue(), svg);
                    rows.append(svg.finish()).append('\n');
                    PngCanvas png = new PngCanvas(ChartPainter.WIDTH, ChartPainter.HEIGHT);
                    ChartPainter.paint(chart.getValue(), png);
                    Path file = charts.resolve(policy.policy() + "-" + chart.getKey() + ".png");
                    ImageIO.write(png.finish(), "png", file.toFile());
                    textMissing |= png.textSkipped();
                    pngs.add(file);
                }
                rows.append("</div>\n");
            }
            for (PolicyResult policy : result.policies()) {
                if (!policy.decisions().isEmpty()) {
                    Files.write(dir.resolve("decisions-" + policy.policy() + ".jsonl"), policy.decisions(), StandardCharsets.UTF_8);
                }
            }
            Path html = dir.resolve("report.html");
            Files.writeString(html, page(result, summary, rows.toString()), StandardCharsets.UTF_8);
            return new Written(html, summaryFile, pngs, textMissing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
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

    private static double[] doubles(int[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static String page(SimulationResult result, Map<String, Object> summary, String chartRows) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> policies = (List<Map<String, Object>>) summary.get("policies");
        StringBuilder table = new StringBuilder("<table>\n<tr>");
        List<String> columns = new ArrayList<>(policies.get(0).keySet());
        columns.forEach(c -> table.append("<th>").append(Html.escape(c)).append("</th>"));
        table.append("</tr>\n");
        for (Map<String, Object> row : policies) {
            table.append("<tr>");
            columns.forEach(c -> table.append("<td>").append(Html.escape(String.valueOf(row.get(c)))).append("</td>"));
            table.append("</tr>\n");
        }
        table.append("</table>\n");
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Session Scaler simulation: %1$s</title>
                <style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}
                td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}
                .row{display:flex;flex-wrap:wrap;gap:8px}.note{color:#555;font-size:13px;max-width:70em}</style></head><body>
                <h1>Session Scaler simulation: %1$s</h1>
                <p>%2$s</p>
                <p>%3$d simulated minutes, seed %4$d, %5$s s of wall time. Oracle: %6$d task-minutes.</p>
                %7$s
                <p class="note">Simulated, not measured on AWS: ECS, the load balancer and CloudWatch are models (README,
                "Simulator"); the session-aware policy ran its real handlers, DynamoDB Local, ElasticMQ and the real workflow on
                aws-local-stepfunctions. Efficiency is the oracle's task-minutes over the policy's; cost is an estimate of the
                scaler's own AWS bill for a month (not the tasks'). PNG copies of every chart are in <code>charts/</code>.</p>
                %8$s
                </body></html>
                """.formatted(Html.escape(result.scenario().name()), Html.escape(result.scenario().description()),
                result.scenario().durationMinutes(), result.scenario().seed(), summary.get("wallSeconds"), result.oracleTaskMinutes(),
                table, chartRows);
    }
}
