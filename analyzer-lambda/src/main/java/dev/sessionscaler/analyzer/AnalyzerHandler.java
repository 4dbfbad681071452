package dev.sessionscaler.analyzer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.JsonInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analyzer Lambda, run every minute by an EventBridge schedule. It reads the scheduled event's
 * {@code time} (retries of one invocation carry the same one), analyzes every managed service, and
 * returns a summary. If any service failed it throws after the others are done, so Lambda retries
 * the invocation; a retry is safe, because execution names come from the scheduled minute.
 */
public final class AnalyzerHandler implements RequestStreamHandler {
    private final Analyzer analyzer;
    private final Clock clock;

    /** Lambda's constructor: configuration from the environment, SDK clients built once per container. */
    public AnalyzerHandler() {
        this(AnalyzerRuntime.fromEnvironment(Clock.systemUTC()), Clock.systemUTC());
    }

    AnalyzerHandler(Analyzer analyzer, Clock clock) {
        this.analyzer = analyzer;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant scheduled = scheduledTime(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        List<Analyzer.Outcome> outcomes = analyzer.run(scheduled);
        output.write(Json.write(summary(scheduled, outcomes)).getBytes(StandardCharsets.UTF_8));
        List<Analyzer.Outcome> failed = outcomes.stream().filter(o -> o.status() == Analyzer.Status.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("analysis failed for " + failed.stream().map(o -> o.service().key()).toList()
                    + ": " + failed.get(0).error());
        }
    }

    /** The event's {@code time}; an event without one (a manual test invocation) uses the clock. */
    Instant scheduledTime(String body) {
        if (body.isBlank()) {
            return clock.instant();
        }
        JsonInput event = JsonInput.parseObject(body);
        return event.has("time") ? event.instant("time") : clock.instant();
    }

    private static Map<String, Object> summary(Instant scheduled, List<Analyzer.Outcome> outcomes) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scheduledTime", scheduled.toString());
        summary.put("services", outcomes.stream().map(o -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("service", o.service().key());
            item.put("status", o.status());
            if (o.decision() != null) {
                item.put("action", o.decision().action());
                item.put("desiredCount", o.decision().desiredCount());
                item.put("reason", o.decision().reason());
                item.put("victims", o.decision().victims());
            }
            item.put("executionName", o.executionName());
            item.put("error", o.error());
            return item;
        }).toList());
        return summary;
    }
}
