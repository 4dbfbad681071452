package dev.sessionscaler.bench;

import dev.sessionscaler.ingest.SessionTableLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cold-start proxy: each function's jar in a fresh JVM with Lambda-like flags (C1 only, one
 * processor), its handler built from its environment and serving a first invocation against DynamoDB
 * Local running as a server on loopback, and, for the analyzer, {@link AwsStub} answering ECS, CloudWatch and
 * Step Functions. Three runs each; writes a JSON array to the file named by the second argument. Covers ingest,
 * the analyzer (its run reads ECS, CloudWatch and DynamoDB, decides and starts the workflow) and two workflow steps:
 * Prepare (DynamoDB only) and CheckDrain (ECS, DynamoDB and ELBv2).
 */
public final class ColdStartBench {
    private ColdStartBench() {
    }

    /** @param ownEnv environment this case sets over the shared one */
    record Case(String function, String jar, String mode, String handler, String event, Map<String, String> ownEnv) {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // DynamoDB Local leaves non-daemon threads behind that would keep this JVM alive for minutes
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path work = Files.createTempDirectory("cold-start");
        var server = new LocalDynamoDbServer();
        int port = server.port();
        try (DynamoDbClient dynamo = server.client()) {
            SessionTableLayout.createLocalTable(dynamo, "sessions");
            SessionTableLayout.createLocalTable(dynamo, "state");
            // the analyzer's runs take the service's lease for the executions they start: their own table keeps it
            // from the Prepare step's runs
            SessionTableLayout.createLocalTable(dynamo, "analyzer-state");
        }
        Path start = write(work, "start.json", "{\"type\":\"SESSION_STARTED\",\"cluster\":\"demo\",\"service\":\"rdp\","
                + "\"taskArn\":\"arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b\",\"sessionId\":\"s-1\",\"timestamp\":\"NOW\"}"
                .replace("NOW", java.time.Instant.now().minusSeconds(5).toString()));
        Path prepare = write(work, "prepare.json", "{\"executionName\":\"cold-start\",\"payload\":{\"action\":\"scale-out\","
                + "\"cluster\":\"demo\",\"service\":\"rdp\",\"desiredCount\":3}}");
        Path checkDrain = write(work, "check-drain.json", "{\"cluster\":\"demo\",\"service\":\"rdp\",\"executionName\":\"cold-start\",\"victim\":{\"taskArn\":\""
                + AwsStub.TASK_ARN + "\",\"ip\":\"" + AwsStub.TASK_IP + "\"},\"deregistered\":{\"deregisteredAt\":\""
                + java.time.Instant.now().minusSeconds(60) + "\",\"delaySeconds\":3600}}");
        Path tick = write(work, "tick.json", "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"time\":\""
                + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + "\"}");
        List<Case> cases = List.of(
                new Case("ingest", "metrics-ingest-lambda", "sqs", "dev.sessionscaler.ingest.SessionIngestHandler", start.toString(),
                        Map.of()),
                new Case("analyzer", "analyzer-lambda", "stream", "dev.sessionscaler.analyzer.AnalyzerHandler", tick.toString(),
                        Map.of("STATE_TABLE", "analyzer-state")),
                new Case("workflow step (Prepare)", "scaler-steps", "stream", "dev.sessionscaler.steps.StepHandler$Prepare", prepare.toString(),
                        Map.of()),
                new Case("workflow step (CheckDrain)", "scaler-steps", "stream", "dev.sessionscaler.steps.StepHandler$CheckDrain",
                        checkDrain.toString(), Map.of()));
        String services = "[{\"cluster\":\"demo\",\"service\":\"rdp\",\"targetGroupArn\":"
                + "\"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc\",\"targetPort\":8443,"
                + "\"config\":{\"minTasks\":1,\"maxTasks\":10,\"sessionsPerTask\":10}}]";
        AwsStub stub = new AwsStub();
        Map<String, String> env = Map.ofEntries(Map.entry("AWS_REGION", "us-east-1"), Map.entry("AWS_ACCESS_KEY_ID", "local"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "local"), Map.entry("AWS_EC2_METADATA_DISABLED", "true"),
                Map.entry("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + port), Map.entry("AWS_ENDPOINT_URL_ECS", stub.endpoint()),
                Map.entry("AWS_ENDPOINT_URL_CLOUDWATCH", stub.endpoint()), Map.entry("AWS_ENDPOINT_URL_SFN", stub.endpoint()),
                Map.entry("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", stub.endpoint()),
                Map.entry("STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:session-scaler"),
                Map.entry("SESSION_TABLE", "sessions"), Map.entry("STATE_TABLE", "state"), Map.entry("SERVICES", services));
        StringBuilder json = new StringBuilder("[");
        String classes = root.resolve("benchmarks/target/classes").toString();
        for (Case c : cases) {
            double[] process = new double[3];
            List<String> probes = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                ProcessBuilder pb = new ProcessBuilder("java", "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=1",
                        "-cp", root.resolve(c.jar()).resolve("target").resolve(c.jar() + ".jar") + ":" + classes,
                        "dev.sessionscaler.bench.ColdStartProbe", c.mode(), c.handler(), c.event());
                pb.environment().clear();
                pb.environment().put("PATH", System.getenv("PATH"));
                pb.environment().putAll(env);
                pb.environment().putAll(c.ownEnv());
                pb.redirectErrorStream(true);
                long began = System.nanoTime();
                Process p = pb.start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor() != 0 || output.contains("\"ERROR\"")) {
                    throw new IllegalStateException(c.function() + " probe failed: " + output);
                }
                process[run] = (System.nanoTime() - began) / 1e6;
                probes.add(output.substring(output.lastIndexOf('{')));
            }
            Arrays.sort(process);
            json.append(json.length() > 1 ? "," : "").append("{\"function\":\"").append(c.function()).append("\",\"processMs\":")
                    .append(String.format(java.util.Locale.ROOT, "%.0f", process[1])).append(",\"runs\":").append(probes).append('}');
        }
        server.close();
        stub.close();
        Files.writeString(Path.of(args[1]), json.append(']').toString(), StandardCharsets.UTF_8);
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
