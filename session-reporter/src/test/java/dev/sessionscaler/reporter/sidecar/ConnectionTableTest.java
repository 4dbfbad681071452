package dev.sessionscaler.reporter.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionTableTest {
    static final Path PROC_NET = Path.of("/proc/net");

    @Test
    void readsEstablishedInboundConnectionsToTheGivenPortsOnly() {
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
        String established = "   0: 0100007F:0D3D 0501000A:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0 20 4 30 10 -1";
        String listening = "   1: 00000000:0D3D 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4712 1 0 100 0 0 10 0";
        String outbound = "   2: 0501000A:D431 0100007F:0D3D 01 00000000:00000000 00:00000000 00000000  1000        0 4713 1 0 20 4 30 10 -1";
        String otherPort = "   3: 0100007F:0050 0501000A:D432 01 00000000:00000000 00:00000000 00000000  1000        0 4714 1 0 20 4 30 10 -1";

        assertThat(ConnectionTable.parse(header, Set.of(3389))).isNull();
        assertThat(ConnectionTable.parse(established, Set.of(3389)))
                .isEqualTo(new ConnectionTable.Connection("10.0.1.5:54321", 3389, 4711));
        assertThat(ConnectionTable.parse(listening, Set.of(3389))).as("not a connection").isNull();
        assertThat(ConnectionTable.parse(outbound, Set.of(3389))).as("the client's end, not the application's").isNull();
        assertThat(ConnectionTable.parse(otherPort, Set.of(3389))).isNull();
        assertThat(new ConnectionTable.Connection("10.0.1.5:54321", 3389, 4711).sessionId()).isEqualTo("10.0.1.5:54321>3389#4711");
    }

    @Test
    void decodesAddressesAsTheKernelWritesThem() {
        assertThat(ConnectionTable.address("0100007F")).isEqualTo("127.0.0.1");
        assertThat(ConnectionTable.address("00000000000000000000000001000000")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(ConnectionTable.address("0000000000000000FFFF00000100007F")).as("IPv4 on an IPv6 socket").isEqualTo("127.0.0.1");
        assertThat(ConnectionTable.address("B80D0120000000000000000001000000")).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    /** Real connections on loopback: open k, see k; close one, see k - 1. Skipped where there is no /proc (not Linux). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void seesRealConnectionsComeAndGo(String loopback) throws Exception {
        Assumptions.assumeTrue(Files.isReadable(PROC_NET.resolve("tcp")), "no /proc/net/tcp here (not Linux): skipped");
        InetAddress address = InetAddress.getByName(loopback);
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            Assumptions.abort("no " + loopback + " loopback on this machine (" + e.getMessage() + "): skipped");
            return;
        }
        List<Socket> clients = new ArrayList<>();
        List<Socket> accepted = new ArrayList<>();
        try (server) {
            int port = server.getLocalPort();
            for (int i = 0; i < 3; i++) {
                clients.add(new Socket(address, port));
                accepted.add(server.accept());
            }
            ConnectionTable table = new ConnectionTable(PROC_NET);
            assertThat(table.inbound(Set.of(port))).hasSize(3)
                    .extracting(ConnectionTable.Connection::localPort).containsOnly(port);

            clients.get(0).close();
            accepted.get(0).close();

            assertThat(eventually(() -> table.inbound(Set.of(port)).size(), 2)).isEqualTo(2);
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    interface Look {
        int get() throws IOException;
    }

    /** Looks until the kernel's table says {@code expected} (it updates as the FIN goes through), for up to 10 s. */
    static int eventually(Look look, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int seen = look.get();
        while (seen != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = look.get();
        }
        return seen;
    }
}
