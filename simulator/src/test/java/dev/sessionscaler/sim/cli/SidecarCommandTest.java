package dev.sessionscaler.sim.cli;

import static dev.sessionscaler.sim.cli.DecideCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarCommandTest {
    static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b";

    @Test
    void whatTheSidecarPrintsIsAcceptedAsItIsByIngest(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "no /proc/net/tcp here (not Linux): skipped");
        List<Socket> sockets = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 3; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                sockets.add(server.accept());
            }
            var sidecar = run("sidecar", "--once", "--print", "--min-age-seconds", "0", "--port", Integer.toString(server.getLocalPort()),
                    "--task-arn", ARN, "--cluster", "demo", "--service", "rdp");
            assertThat(sidecar.exit()).as(sidecar.err()).isZero();
            Path events = dir.resolve("events.jsonl");
            Files.writeString(events, sidecar.out());

            var ingest = run("ingest", "--file", events.toString(), "--json");

            assertThat(ingest.exit()).as(ingest.err()).isZero();
            JsonNode summary = Json.MAPPER.readTree(ingest.out());
            assertThat(summary.get("accepted").asInt()).isEqualTo(1);
            assertThat(summary.get("rejected")).isEmpty();
            assertThat(summary.at("/activeSessions/" + ARN.replace("/", "~1")).asInt()).isEqualTo(3);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void itsHelpIsTheSidecarsOwn() {
        var help = run("sidecar", "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: session-scaler sidecar --port P");
    }
}
