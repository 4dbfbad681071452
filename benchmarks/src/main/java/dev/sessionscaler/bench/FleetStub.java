package dev.sessionscaler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>A stub, for the fan-out benchmark:</b> ECS (JSON protocol), CloudWatch and ELBv2 (query protocol) and Step Functions
 * for {@code services} services of {@code tasks} running, healthy tasks each (cluster {@code bench}, services
 * {@code svc-0}…), on loopback, each answer after {@code latencyMillis} as a stand-in for AWS's latency. ListTasks pages
 * by 100 with real next tokens, DescribeTasks answers the ARNs asked, GetMetricData answers every query. No throttling:
 * the analyzer's own budget ({@code ApiBudget}) is what limits the rate.
 */
final class FleetStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELB = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private static final Pattern METRIC_ID = Pattern.compile("MetricDataQueries\\.member\\.\\d+\\.Id=([^&]+)");
    private final HttpServer server;
    private final int tasks;
    private final long latencyMillis;

    FleetStub(int tasks, long latencyMillis) throws IOException {
        this.tasks = tasks;
        this.latencyMillis = latencyMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", this::answer);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static String taskArn(String service, int i) {
        return "arn:aws:ecs:us-east-1:123456789012:task/bench/" + service + "-" + i;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        try {
            Thread.sleep(latencyMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String json = "application/x-amz-json-1.1";
        if (target.endsWith(".DescribeServices")) {
            String service = JSON.readTree(body).path("services").path(0).asText();
            AwsStub.reply(exchange, 200, json, "{\"services\":[{\"serviceName\":\"" + service + "\",\"status\":\"ACTIVE\",\"desiredCount\":"
                    + tasks + ",\"runningCount\":" + tasks + ",\"deployments\":[{\"status\":\"PRIMARY\",\"rolloutState\":\"COMPLETED\"}]}],\"failures\":[]}");
        } else if (target.endsWith(".ListTasks")) {
            JsonNode request = JSON.readTree(body);
            int from = request.has("nextToken") ? Integer.parseInt(request.get("nextToken").asText()) : 0;
            int to = Math.min(tasks, from + 100);
            List<String> arns = new ArrayList<>();
            for (int i = from; i < to; i++) {
                arns.add("\"" + taskArn(request.path("serviceName").asText(), i) + "\"");
            }
            AwsStub.reply(exchange, 200, json, "{\"taskArns\":[" + String.join(",", arns) + "]"
                    + (to < tasks ? ",\"nextToken\":\"" + to + "\"" : "") + "}");
        } else if (target.endsWith(".DescribeTasks")) {
            long started = Instant.now().minusSeconds(86_400).getEpochSecond();
            List<String> described = new ArrayList<>();
            int n = 0;
            for (JsonNode arn : JSON.readTree(body).path("tasks")) {
                described.add("{\"taskArn\":\"" + arn.asText() + "\",\"availabilityZone\":\"us-east-1" + (n % 2 == 0 ? "a" : "b")
                        + "\",\"startedAt\":" + started + ",\"lastStatus\":\"RUNNING\",\"healthStatus\":\"HEALTHY\",\"attachments\":"
                        + "[{\"type\":\"ElasticNetworkInterface\",\"details\":[{\"name\":\"privateIPv4Address\",\"value\":\"10.0."
                        + (n / 200) + "." + (n % 200 + 10) + "\"}]}]}");
                n++;
            }
            AwsStub.reply(exchange, 200, json, "{\"tasks\":[" + String.join(",", described) + "],\"failures\":[]}");
        } else if (target.endsWith(".GetTaskProtection")) {
            AwsStub.reply(exchange, 200, json, "{\"protectedTasks\":[],\"failures\":[]}");
        } else if (target.endsWith(".StartExecution")) {
            String name = JSON.readTree(body).path("name").asText();
            AwsStub.reply(exchange, 200, "application/x-amz-json-1.0", "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:"
                    + "execution:session-scaler:" + name + "\",\"startDate\":" + Instant.now().getEpochSecond() + "}");
        } else if (target.endsWith(".DescribeExecution")) {
            AwsStub.reply(exchange, 400, "application/x-amz-json-1.0", "{\"__type\":\"ExecutionDoesNotExist\",\"message\":\"none\"}");
        } else if (body.contains("Action=GetMetricData")) {
            StringBuilder results = new StringBuilder();
            Matcher ids = METRIC_ID.matcher(body);
            String now = Instant.now().toString();
            while (ids.find()) {
                String id = URLDecoder.decode(ids.group(1), StandardCharsets.UTF_8);
                results.append("<member><Id>").append(id).append("</Id><Label>").append(id).append("</Label><Timestamps><member>")
                        .append(now).append("</member></Timestamps><Values><member>20.0</member></Values>"
                                + "<StatusCode>Complete</StatusCode></member>");
            }
            AwsStub.reply(exchange, 200, "text/xml", "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                    + "<GetMetricDataResult><MetricDataResults>" + results + "</MetricDataResults><Messages/></GetMetricDataResult>"
                    + "<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></GetMetricDataResponse>");
        } else if (body.contains("Action=DescribeTargetGroups")) {
            AwsStub.reply(exchange, 200, "text/xml", "<DescribeTargetGroupsResponse xmlns=\"" + ELB + "\"><DescribeTargetGroupsResult>"
                    + "<TargetGroups><member><TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/bench/abc"
                    + "</TargetGroupArn><Protocol>HTTPS</Protocol><Port>8443</Port><TargetType>ip</TargetType></member></TargetGroups>"
                    + "</DescribeTargetGroupsResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata>"
                    + "</DescribeTargetGroupsResponse>");
        } else if (body.contains("Action=DescribeTargetGroupAttributes")) {
            AwsStub.reply(exchange, 200, "text/xml", "<DescribeTargetGroupAttributesResponse xmlns=\"" + ELB + "\">"
                    + "<DescribeTargetGroupAttributesResult><Attributes><member><Key>deregistration_delay.timeout_seconds</Key>"
                    + "<Value>3600</Value></member></Attributes></DescribeTargetGroupAttributesResult>"
                    + "<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></DescribeTargetGroupAttributesResponse>");
        } else {
            AwsStub.reply(exchange, 400, json, "{\"__type\":\"InvalidAction\",\"message\":\"not stubbed: " + target + "\"}");
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
