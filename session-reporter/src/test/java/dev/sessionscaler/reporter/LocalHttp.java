package dev.sessionscaler.reporter;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** An HTTP server on loopback standing in for the ECS task metadata endpoint or the ECS agent (tests). */
public final class LocalHttp implements AutoCloseable {
    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;

    public LocalHttp(String path, int status, Supplier<String> answer) throws IOException {
        this(path, status, requested -> answer.get());
    }

    /** @param answer the body for each requested path under {@code path} */
    public LocalHttp(String path, int status, java.util.function.Function<String, String> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(authorization == null ? "" : authorization);
            }
            byte[] body = answer.apply(exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
