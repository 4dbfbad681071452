package dev.sessionscaler.reporter.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SidecarTest {
    static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b";

    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = Sidecar.run(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err), env);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void onceWithPrintWritesOneHeartbeatListingTheLiveConnections() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(ConnectionTableTest.PROC_NET.resolve("tcp")), "no /proc/net/tcp here (not Linux): skipped");
        List<Socket> sockets = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 2; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                sockets.add(server.accept());
            }

            Run run = run(Map.of(), "--once", "--print", "--min-age-seconds", "0", "--port", Integer.toString(server.getLocalPort()),
                    "--task-arn", ARN, "--cluster", "demo", "--service", "rdp");

            assertThat(run.exit()).as(run.err()).isZero();
            String[] lines = run.out().strip().split("\n");
            assertThat(lines).hasSize(1);
            JsonNode beat = new ObjectMapper().readTree(lines[0]);
            assertThat(beat.get("type").asText()).isEqualTo("TASK_HEARTBEAT");
            assertThat(beat.get("taskArn").asText()).isEqualTo(ARN);
            assertThat(beat.get("activeSessionIds")).hasSize(2)
                    .allSatisfy(id -> assertThat(id.asText()).startsWith("127.0.0.1:").contains(">" + server.getLocalPort() + "#"));
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void optionsAndIdentityProblemsAreClearErrors() {
        assertThat(run(Map.of(), "--print")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: --port: give the port the application accepts sessions on");
        });
        assertThat(run(Map.of(), "--port", "70000").err()).startsWith("error: --port: must be between 1 and 65535, got 70000");
        assertThat(run(Map.of(), "--port", "3389", "--bogus").err()).startsWith("error: unknown option \"--bogus\"");
        Run outside = run(Map.of(), "--port", "3389", "--print", "--once");
        assertThat(outside.exit()).isEqualTo(2);
        assertThat(outside.err()).contains("not running in an ECS task (ECS_CONTAINER_METADATA_URI_V4 is not set)");
        Run noDestination = run(Map.of(), "--port", "3389", "--task-arn", ARN, "--cluster", "demo", "--service", "rdp");
        assertThat(noDestination.err()).contains("no destination: set SESSION_SCALER_QUEUE_URL");
        Run usageOutsideEcs = run(Map.of(), "--port", "3389", "--print", "--once", "--report-usage",
                "--task-arn", ARN, "--cluster", "demo", "--service", "rdp");
        assertThat(usageOutsideEcs.exit()).isEqualTo(2);
        assertThat(usageOutsideEcs.err()).contains("reporting usage needs the ECS task metadata endpoint");
    }

    @Test
    void helpListsTheOptions() {
        Run help = run(Map.of(), "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--port P", "--min-age-seconds", "--print", "--once", "--report-usage", "Not for HTTP request/response");
    }
}
