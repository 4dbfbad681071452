package dev.sessionscaler.sim.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the analyzer's embedded-metric-format lines as CloudWatch Logs would and counts the custom metric-hours they
 * would be billed for: each metric (its name and dimension values) in each hour in which it got a value. CloudWatch
 * prorates a custom metric's monthly price by those hours.
 */
final class CustomMetricHours {
    private final Set<String> metricHours = new HashSet<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /** Where the analyzer's metric lines go (its {@code EmfMetrics} stream). */
    PrintStream stream() {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                if (b == '\n') {
                    read(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    long hours() {
        return metricHours.size();
    }

    private void read(String text) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not an embedded-metric-format line: " + text, e);
        }
        long hour = event.at("/_aws/Timestamp").asLong() / 3_600_000;
        for (JsonNode directive : event.at("/_aws/CloudWatchMetrics")) {
            for (JsonNode dimensions : directive.get("Dimensions")) {
                StringBuilder values = new StringBuilder();
                dimensions.forEach(name -> values.append('|').append(event.path(name.asText()).asText()));
                directive.get("Metrics").forEach(metric -> metricHours.add(
                        directive.get("Namespace").asText() + '|' + metric.get("Name").asText() + values + '@' + hour));
            }
        }
    }
}
