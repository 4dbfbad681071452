package dev.sessionscaler.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The budget sees the operations as the SDK names them: an ECS read on a real client is counted and limited. */
class ApiBudgetTest {
    @Test
    void anEcsReadThroughARealClientIsCountedAndWaitsOnTheEcsBudget() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"taskArns\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        ApiBudget budget = ApiBudget.fromEnvironment(Map.of("ECS_READS_PER_SECOND", "100"));
        try (EcsClient ecs = EcsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(budget).build()).build()) {
            ecs.listTasks(r -> r.cluster("c"));
            ecs.listTasks(r -> r.cluster("c"));
        } finally {
            server.stop(0);
        }

        assertThat(budget.calls()).containsExactly(Map.entry("Ecs.ListTasks", 2L));
        assertThat(budget.calls().keySet()).allMatch(budget::limits);
        assertThat(budget.limits("Ecs.DescribeTasks")).isTrue();
        assertThat(budget.limits("CloudWatch.GetMetricData")).isTrue();
        assertThat(budget.limits("DynamoDb.Query")).isFalse();
    }
}
