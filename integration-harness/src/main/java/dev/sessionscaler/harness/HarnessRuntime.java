package dev.sessionscaler.harness;

import dev.sessionscaler.analyzer.AnalyzerConfig;
import dev.sessionscaler.analyzer.DynamoDbLease;
import dev.sessionscaler.analyzer.EcsFleetReader;
import dev.sessionscaler.analyzer.StateTableLayout;
import dev.sessionscaler.analyzer.StepFunctionsWorkflowStarter;
import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import dev.sessionscaler.reporter.SqsEventSender;
import dev.sessionscaler.steps.EcsServiceActuator;
import dev.sessionscaler.steps.ElbTargetDeregistrar;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the harness's steps for its Lambda from the environment: {@code SERVICES} (the analyzer's format),
 * {@code SESSION_TABLE}, {@code STATE_TABLE}, {@code SESSION_QUEUE_URL} (where the synthetic session events go) and
 * {@code SCALE_STATE_MACHINE_ARN}.
 */
final class HarnessRuntime {
    private HarnessRuntime() {
    }

    static HarnessSteps fromEnvironment() {
        Map<String, String> env = System.getenv();
        Clock clock = Clock.systemUTC();
        ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
        var http = UrlConnectionHttpClient.create();
        EcsClient ecs = EcsClient.builder().httpClient(http).overrideConfiguration(retries).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).overrideConfiguration(retries).build();
        String stateTable = AnalyzerConfig.required(env, "STATE_TABLE");
        HarnessPorts ports = new HarnessPorts(new EcsFleetReader(ecs, clock), new EcsServiceActuator(ecs),
                new ElbTargetDeregistrar(ElasticLoadBalancingV2Client.builder().httpClient(http).overrideConfiguration(retries).build()),
                new DynamoDbSessionStore(dynamo, AnalyzerConfig.required(env, "SESSION_TABLE"), clock, EventLimits.DEFAULTS, Backoff.standard()),
                new DynamoDbLease(dynamo, stateTable), new DynamoDbLease(dynamo, stateTable, StateTableLayout.PAUSE),
                new SqsEventSender(SqsClient.builder().httpClient(http).overrideConfiguration(retries).build(),
                        AnalyzerConfig.required(env, "SESSION_QUEUE_URL")),
                new StepFunctionsWorkflowStarter(SfnClient.builder().httpClient(http).overrideConfiguration(retries).build(),
                        AnalyzerConfig.required(env, "SCALE_STATE_MACHINE_ARN"), clock));
        return new HarnessSteps(AnalyzerConfig.services(AnalyzerConfig.required(env, "SERVICES")), ports, clock);
    }
}
