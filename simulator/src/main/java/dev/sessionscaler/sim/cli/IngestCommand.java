package dev.sessionscaler.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.sim.ingest.LocalIngest;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code session-scaler ingest}: session events through ElasticMQ and the real ingest handler into DynamoDB Local. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        header = "Run session events through the real ingest path on this machine.",
        description = {"Run session events (one JSON message body per line) through the real ingest path, locally:",
                "an ElasticMQ queue with a dead-letter queue, batch delivery to the ingest handler, and DynamoDB Local.",
                "Prints what was accepted, rejected (with reasons) and dead-lettered, and the active sessions per task."})
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "Events file: one message body per line (JSON Lines); - for standard input. Blank lines are skipped.")
    String file;

    @Mixin
    JsonOutput output;

    @Option(names = "--now", paramLabel = "INSTANT",
            description = "The time of processing, which timestamps are checked against (default: the newest timestamp in the file, so recorded files replay; the current time if none).")
    String now;

    @Option(names = "--passes", defaultValue = "1", paramLabel = "N",
            description = "Send the whole file N times, like SQS redelivering everything; the end state must not change (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--max-receive-count", defaultValue = "3", paramLabel = "N",
            description = "Receives before a failing message moves to the dead-letter queue (default: ${DEFAULT-VALUE}).")
    int maxReceiveCount;

    @Option(names = "--batch-size", defaultValue = "10", paramLabel = "N",
            description = "Messages per handler invocation, 1 to 10 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() {
        checkRange("--passes", passes, 1, 100);
        checkRange("--max-receive-count", maxReceiveCount, 1, 1000);
        checkRange("--batch-size", batchSize, 1, 10);
        List<LocalIngest.Line> lines = lines(InputFiles.read("--file", file, System.in));
        Instant processingTime = processingTime(lines);
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, "ingest", (long) lines.size() * passes);
        LocalIngest.Summary summary;
        try (LocalIngest ingest = new LocalIngest(Clock.fixed(processingTime, ZoneOffset.UTC), maxReceiveCount, batchSize)) {
            summary = ingest.run(lines, passes, progress::update);
        }
        progress.finish();
        output.print(toJson(summary), () -> render(summary, processingTime));
        return 0;
    }

    private static Map<String, Object> toJson(LocalIngest.Summary summary) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("accepted", summary.accepted());
        result.put("rejected", summary.rejected());
        result.put("deadLettered", summary.deadLettered());
        result.put("activeSessions", summary.activeSessions());
        return result;
    }

    private String render(LocalIngest.Summary summary, Instant processingTime) {
        StringBuilder text = new StringBuilder();
        text.append("Ingested ").append(file).append(" (processing time ").append(processingTime).append(")\n");
        text.append("  accepted:      ").append(summary.accepted()).append(" message(s)\n");
        text.append("  rejected:      ").append(summary.rejected().size()).append(" line(s)\n");
        for (LocalIngest.Rejection r : summary.rejected()) {
            text.append("    line ").append(r.line()).append(": ").append(r.reason()).append('\n');
        }
        text.append("  dead-lettered: ").append(summary.deadLettered()).append(" message(s)\n");
        text.append("Active sessions per task:");
        if (summary.activeSessions().isEmpty()) {
            text.append(" none");
        }
        summary.activeSessions().forEach((arn, count) -> text.append("\n  ").append(arn).append("  ").append(count));
        return text.toString();
    }

    private static List<LocalIngest.Line> lines(String text) {
        List<LocalIngest.Line> lines = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            if (!raw[i].isBlank()) {
                lines.add(new LocalIngest.Line(i + 1, raw[i]));
            }
        }
        return lines;
    }

    private Instant processingTime(List<LocalIngest.Line> lines) {
        if (now != null) {
            try {
                return Instant.parse(now);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("--now", "must be an ISO-8601 UTC instant such as 2026-01-01T10:00:00Z, got \"" + now + "\"");
            }
        }
        Instant newest = null;
        for (LocalIngest.Line line : lines) {
            try {
                JsonNode at = Json.MAPPER.readTree(line.body()).path("timestamp");
                Instant t = at.isTextual() ? Instant.parse(at.asText()) : null;
                if (t != null && (newest == null || t.isAfter(newest))) {
                    newest = t;
                }
            } catch (java.io.IOException | DateTimeParseException e) {
                // an invalid line is reported by the handler itself
            }
        }
        return newest != null ? newest : Instant.now();
    }

    private static void checkRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(option, "must be between " + min + " and " + max + ", got " + value);
        }
    }
}
