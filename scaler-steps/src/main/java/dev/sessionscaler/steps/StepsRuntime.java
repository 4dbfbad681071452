package dev.sessionscaler.steps;

import dev.sessionscaler.core.config.ManagedService;
import dev.sessionscaler.analyzer.AnalyzerConfig;
import dev.sessionscaler.analyzer.DynamoDbLease;
import dev.sessionscaler.analyzer.DynamoDbScaleLedger;
import dev.sessionscaler.analyzer.EcsFleetReader;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Builds {@link ScaleSteps} for a deployed task Lambda from its environment, once per container:
 * {@code SERVICES} (the analyzer's format, with {@code targetGroupArn}, {@code targetPort} and
 * {@code deregistrationDelaySeconds} required here), {@code SESSION_TABLE}, {@code STATE_TABLE},
 * {@code LEASE_SECONDS} (default: an hour, or longer for a long deregistration delay) and {@code DRAIN_CONCURRENCY} (default 2).
 */
final class StepsRuntime {
    private StepsRuntime() {
    }

    static ScaleSteps fromEnvironment() {
        return fromEnvironment(System.getenv(), Clock.systemUTC());
    }

    private static List<ManagedService> managed(Map<String, String> env) {
        return AnalyzerConfig.services(AnalyzerConfig.required(env, "SERVICES"));
    }

    static Map<ServiceRef, StepsService> services(Map<String, String> env) {
        List<ManagedService> managed = managed(env);
        Map<ServiceRef, StepsService> services = new HashMap<>();
        for (int i = 0; i < managed.size(); i++) {
            ManagedService m = managed.get(i);
            if (m.targetGroupArn() == null) {
                throw new IllegalStateException("SERVICES[" + i + "].targetGroupArn is required by the workflow steps");
            }
            services.put(m.ref(), new StepsService(m.ref(), m.config(), m.targetGroupArn(), m.targetPort()));
        }
        return services;
    }

    static ScaleSteps fromEnvironment(Map<String, String> env, Clock clock) {
        Map<ServiceRef, StepsService> services = services(env);
        ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
        var http = UrlConnectionHttpClient.create();
        EcsClient ecs = EcsClient.builder().httpClient(http).overrideConfiguration(retries).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).overrideConfiguration(retries).build();
        var ports = new ScaleSteps.Ports(new EcsFleetReader(ecs, clock),
                new DynamoDbSessionStore(dynamo, AnalyzerConfig.required(env, "SESSION_TABLE"), clock, EventLimits.DEFAULTS, Backoff.standard()),
                new EcsServiceActuator(ecs),
                new ElbTargetDeregistrar(ElasticLoadBalancingV2Client.builder().httpClient(http).overrideConfiguration(retries).build()),
                new DynamoDbLease(dynamo, AnalyzerConfig.required(env, "STATE_TABLE")),
                new DynamoDbScaleLedger(dynamo, AnalyzerConfig.required(env, "STATE_TABLE")));
        return new ScaleSteps(services, ports, AnalyzerConfig.leaseDuration(env, managed(env)),
                (int) AnalyzerConfig.seconds(env, "DRAIN_CONCURRENCY", 2, 1, 40), clock);
    }
}
