package dev.sessionscaler.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * <b>A stub, for the cold-start proxy only:</b> answers the ECS and Step Functions (JSON protocols) and CloudWatch and
 * ELBv2 (query protocol) calls of one analyzer run and one CheckDrain step on loopback with fixed, valid responses: one
 * service with one running, healthy, idle task, a CPU and memory datapoint, a started execution, an HTTPS (ALB) target
 * group with a 3600 s deregistration delay, and that task's target draining. It checks nothing; anything else gets a 400.
 */
final class AwsStub implements AutoCloseable {
    static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b";
    static final String TASK_IP = "10.0.0.10";
    private static final String ELB = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private final HttpServer server;

    AwsStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String now = Instant.now().toString();
        long epoch = Instant.now().minusSeconds(3600).getEpochSecond();
        if (target.endsWith(".DescribeServices")) {
            reply(exchange, 200, "application/x-amz-json-1.1", "{\"services\":[{\"serviceName\":\"rdp\",\"desiredCount\":1,"
                    + "\"runningCount\":1,\"deployments\":[{\"status\":\"PRIMARY\",\"rolloutState\":\"COMPLETED\"}]}],\"failures\":[]}");
        } else if (target.endsWith(".ListTasks")) {
            reply(exchange, 200, "application/x-amz-json-1.1", "{\"taskArns\":[\"" + TASK_ARN + "\"]}");
        } else if (target.endsWith(".DescribeTasks")) {
            reply(exchange, 200, "application/x-amz-json-1.1", "{\"tasks\":[{\"taskArn\":\"" + TASK_ARN + "\","
                    + "\"availabilityZone\":\"us-east-1a\",\"startedAt\":" + epoch + ",\"lastStatus\":\"RUNNING\","
                    + "\"healthStatus\":\"HEALTHY\",\"attachments\":[{\"type\":\"ElasticNetworkInterface\",\"details\":"
                    + "[{\"name\":\"privateIPv4Address\",\"value\":\"" + TASK_IP + "\"}]}]}],\"failures\":[]}");
        } else if (target.endsWith(".StartExecution")) {
            reply(exchange, 200, "application/x-amz-json-1.0", "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:"
                    + "execution:session-scaler:cold-start\",\"startDate\":" + Instant.now().getEpochSecond() + "}");
        } else if (target.endsWith(".DescribeExecution")) {
            reply(exchange, 200, "application/x-amz-json-1.0", "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:"
                    + "execution:session-scaler:cold-start\",\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:"
                    + "stateMachine:session-scaler\",\"status\":\"RUNNING\",\"startDate\":" + Instant.now().getEpochSecond() + "}");
        } else if (body.contains("Action=GetMetricData")) {
            StringBuilder results = new StringBuilder();
            for (String id : new String[] {"cpuavg", "memavg", "cpumax"}) {
                results.append("<member><Id>").append(id).append("</Id><Label>").append(id).append("</Label><Timestamps><member>")
                        .append(now).append("</member></Timestamps><Values><member>20.0</member></Values>"
                                + "<StatusCode>Complete</StatusCode></member>");
            }
            reply(exchange, 200, "text/xml", "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                    + "<GetMetricDataResult><MetricDataResults>" + results + "</MetricDataResults><Messages/></GetMetricDataResult>"
                    + "<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></GetMetricDataResponse>");
        } else if (body.contains("Action=DescribeTargetHealth")) {
            reply(exchange, 200, "text/xml", "<DescribeTargetHealthResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
                    + "<DescribeTargetHealthResult><TargetHealthDescriptions><member><Target><Id>" + TASK_IP + "</Id><Port>8443</Port>"
                    + "</Target><TargetHealth><State>draining</State><Reason>Target.DeregistrationInProgress</Reason></TargetHealth>"
                    + "</member></TargetHealthDescriptions></DescribeTargetHealthResult>"
                    + "<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></DescribeTargetHealthResponse>");
        } else if (body.contains("Action=DescribeTargetGroups")) {
            reply(exchange, 200, "text/xml", "<DescribeTargetGroupsResponse xmlns=\"" + ELB + "\"><DescribeTargetGroupsResult>"
                    + "<TargetGroups><member><TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc"
                    + "</TargetGroupArn><Protocol>HTTPS</Protocol><Port>8443</Port><TargetType>ip</TargetType></member></TargetGroups>"
                    + "</DescribeTargetGroupsResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata>"
                    + "</DescribeTargetGroupsResponse>");
        } else if (body.contains("Action=DescribeTargetGroupAttributes")) {
            reply(exchange, 200, "text/xml", "<DescribeTargetGroupAttributesResponse xmlns=\"" + ELB + "\">"
                    + "<DescribeTargetGroupAttributesResult><Attributes><member><Key>deregistration_delay.timeout_seconds</Key>"
                    + "<Value>3600</Value></member></Attributes></DescribeTargetGroupAttributesResult>"
                    + "<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></DescribeTargetGroupAttributesResponse>");
        } else {
            reply(exchange, 400, "application/x-amz-json-1.1", "{\"__type\":\"InvalidAction\",\"message\":\"not stubbed: " + target + "\"}");
        }
    }

    static void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "stub");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
