package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import java.time.Clock;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Builds the deployed analyzer from its environment ({@link AnalyzerConfig}): SDK clients once per container. */
final class AnalyzerRuntime {
    private AnalyzerRuntime() {
    }

    static Analyzer fromEnvironment(Clock clock) {
        AnalyzerConfig config = AnalyzerConfig.fromEnvironment(System.getenv());
        // adaptive: a throttled client slows down instead of retrying at once; the budget keeps concurrent services in line
        ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder().retryStrategy(RetryMode.ADAPTIVE_V2)
                .addExecutionInterceptor(ApiBudget.fromEnvironment(System.getenv())).build();
        var http = UrlConnectionHttpClient.create();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).overrideConfiguration(retries).build();
        Analyzer.Ports ports = new Analyzer.Ports(
                new EcsFleetReader(EcsClient.builder().httpClient(http).overrideConfiguration(retries).build(), clock),
                new CloudWatchMetricsReader(CloudWatchClient.builder().httpClient(http).overrideConfiguration(retries).build()),
                new DynamoDbSessionStore(dynamo, config.sessionTable(), clock, EventLimits.DEFAULTS, Backoff.standard()),
                new DynamoDbDecisionStore(dynamo, config.stateTable(), config.auditRetention()),
                new DynamoDbLease(dynamo, config.stateTable()),
                new StepFunctionsWorkflowStarter(SfnClient.builder().httpClient(http).overrideConfiguration(retries).build(),
                        config.stateMachineArn(), clock),
                new DynamoDbScaleLedger(dynamo, config.stateTable()),
                new ElbTargetGroupReader(ElasticLoadBalancingV2Client.builder().httpClient(http).overrideConfiguration(retries).build(), clock),
                new DynamoDbLease(dynamo, config.stateTable(), StateTableLayout.PAUSE));
        return new Analyzer(config.services(), ports, config.leaseDuration(), clock, new StructuredLog(System.out, clock),
                new EmfMetrics(System.out), config.fanOut());
    }
}
