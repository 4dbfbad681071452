package dev.sessionscaler.analyzer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sfn.SfnClient;

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
        this(fromEnvironment(Clock.systemUTC()), Clock.systemUTC());
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

    private static Analyzer fromEnvironment(Clock clock) {
        AnalyzerConfig config = AnalyzerConfig.fromEnvironment(System.getenv());
        ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
        var http = UrlConnectionHttpClient.create();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).overrideConfiguration(retries).build();
        Analyzer.Ports ports = new Analyzer.Ports(
                new EcsFleetReader(EcsClient.builder().httpClient(http).overrideConfiguration(retries).build(), clock),
                new CloudWatchMetricsReader(CloudWatchClient.builder().httpClient(http).overrideConfiguration(retries).build()),
                new DynamoDbSessionStore(dynamo, config.sessionTable(), clock, EventLimits.DEFAULTS, Backoff.standard()),
                new DynamoDbDecisionStore(dynamo, config.stateTable(), config.auditRetention()),
                new DynamoDbLease(dynamo, config.stateTable()),
                new StepFunctionsWorkflowStarter(SfnClient.builder().httpClient(http).overrideConfiguration(retries).build(),
                        config.stateMachineArn()));
        return new Analyzer(config.services(), ports, config.leaseDuration(), clock, new StructuredLog(System.out, clock),
                new EmfMetrics(System.out));
    }
}
