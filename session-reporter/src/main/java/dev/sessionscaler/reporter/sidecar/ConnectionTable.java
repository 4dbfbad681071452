package dev.sessionscaler.reporter.sidecar;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The established inbound TCP connections to some local ports, read from the kernel's tables ({@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}). In awsvpc network mode every container of a task shares one network namespace, so a
 * sidecar sees the application's connections there.
 */
public final class ConnectionTable {
    /** {@code st} of an established connection in the kernel's tables. */
    private static final String ESTABLISHED = "01";

    private final Path procNet;

    /** {@code procNet} is {@code /proc/net} (or a copy of it, for tests). */
    public ConnectionTable(Path procNet) {
        this.procNet = procNet;
    }

    /** One connection: who is on the other end, on which local port, and the socket's inode (stable while it lives). */
    public record Connection(String peer, int localPort, long inode) {
        /** A session id as the contract allows (printable ASCII, no spaces), unique while the socket lives. */
        public String sessionId() {
            return peer + ">" + localPort + "#" + inode;
        }
    }

    /** The established connections whose local port is one of {@code ports}, from IPv4 and IPv6 tables alike. */
    public List<Connection> inbound(Set<Integer> ports) throws IOException {
        List<Connection> result = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = procNet.resolve(table);
            if (Files.isReadable(file)) {
                for (String line : Files.readAllLines(file)) {
                    Connection c = parse(line, ports);
                    if (c != null) {
                        result.add(c);
                    }
                }
            }
        }
        return result;
    }

    /** A line of the table as a connection to one of {@code ports}; null for the header, other states and ports. */
    static Connection parse(String line, Set<Integer> ports) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[0].endsWith(":") || !ESTABLISHED.equals(f[3])) {
            return null;
        }
        int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
        if (!ports.contains(localPort)) {
            return null;
        }
        String remote = f[2];
        int colon = remote.indexOf(':');
        String address = address(remote.substring(0, colon));
        int peerPort = Integer.parseInt(remote.substring(colon + 1), 16);
        String peer = address.contains(":") ? "[" + address + "]:" + peerPort : address + ":" + peerPort;
        return new Connection(peer, localPort, Long.parseLong(f[9]));
    }

    /**
     * The kernel writes an address as 32-bit words in hexadecimal, each in the host's byte order (little-endian on
     * x86 and ARM): 0100007F is 127.0.0.1.
     */
    static String address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            // an IPv4 client on an IPv6 socket (::ffff:a.b.c.d) comes back as an IPv4 address
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }
}
