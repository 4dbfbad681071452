package dev.sessionscaler.ingest;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A {@code moto_server} (moto 5, an independent emulator of the AWS APIs) of the test class's own, on a free loopback
 * port, all services on that port. Where {@code moto_server} is not installed, {@link #startIfInstalled} says so on the
 * build output and returns null, and {@link #assumeRunning} (in a {@code @BeforeEach}) skips each test, so the skipped
 * tests are counted. The same small class is copied into analyzer-lambda, scaler-steps and metrics-ingest-lambda (the
 * modules share no test code); keep the copies alike.
 */
public final class MotoServer implements AutoCloseable {
    public static final String NOTICE = "NOTICE: moto_server not installed; skipping the moto adapter tests (pip install 'moto[server]')";
    public static final Region REGION = Region.US_EAST_1;
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final List<SdkHttpClient> httpClients = new ArrayList<>();
    final URI endpoint;

    private MotoServer(Process process, Path log, URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
    }

    /** Starts a moto_server and waits until it answers; null, after a notice on the build output, if it is not installed. */
    public static MotoServer startIfInstalled() {
        Path executable = onPath("moto_server");
        if (executable == null) {
            System.out.println(NOTICE);
            return null;
        }
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path dir = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
            Path log = Files.createTempFile(dir, "moto-server-", ".log");
            Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MotoServer server = new MotoServer(process, log, URI.create("http://127.0.0.1:" + port));
            return server.awaitReady() ? server : null;
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server", e);
        }
    }

    /**
     * A test class's own moto server as a JUnit extension ({@code @RegisterExtension static final}): started before the
     * class's {@code @BeforeAll} methods, stopped after its tests, and each test skipped, with the notice, where
     * {@code moto_server} is not installed.
     */
    public static final class PerClass implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
        private MotoServer server;

        /** The running server, or null where moto is not installed. */
        public MotoServer server() {
            return server;
        }

        /** A client of the running server; null where moto is not installed (its tests are skipped). */
        public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
            return server == null ? null : server.client(builder);
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            server = startIfInstalled();
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            assumeRunning(server);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Skips the test (a JUnit assumption) when there is no moto_server. */
    public static void assumeRunning(MotoServer server) {
        Assumptions.assumeTrue(server != null, NOTICE);
    }

    /** True once moto answers; false if what is on PATH is not a working moto_server (a pyenv shim without moto). */
    private boolean awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String output = Files.readString(log);
                close();
                // a pyenv shim whose active Python has no moto is on PATH but is not an installed moto_server
                if (output.contains("command not found")) {
                    System.out.println(NOTICE);
                    return false;
                }
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ":\n" + output);
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + STARTUP + "; its output: " + log);
    }

    /** A client built as production builds it (url-connection HTTP client, standard retries), aimed at moto. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        SdkHttpClient http = UrlConnectionHttpClient.create();
        httpClients.add(http);
        return builder.httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build())
                .endpointOverride(endpoint).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    /** POSTs JSON to one of moto's own endpoints (/moto-api/...); fails unless it answers 2xx. */
    public void motoApi(String path, String json) {
        String answer = post(path, "application/json", json, null);
        if (answer == null) {
            throw new IllegalStateException("moto refused " + path + " " + json);
        }
    }

    /**
     * An EC2 Query API call (there is no EC2 SDK module on the test classpath): moto picks the service from the
     * credential scope and does not check signatures. Returns the XML answer.
     */
    public String ec2(String query) {
        String answer = post("/", "application/x-www-form-urlencoded", "Version=2016-11-15&" + query,
                "AWS4-HMAC-SHA256 Credential=testing/20260101/" + REGION.id() + "/ec2/aws4_request, SignedHeaders=host, Signature=0");
        if (answer == null) {
            throw new IllegalStateException("moto refused EC2 " + query);
        }
        return answer;
    }

    /** The default VPC moto creates in every region. */
    public String defaultVpcId() {
        return first(ec2("Action=DescribeVpcs&Filter.1.Name=isDefault&Filter.1.Value.1=true"), "vpcId");
    }

    /** The default VPC's subnet in that availability zone. */
    public String defaultSubnetId(String availabilityZone) {
        return first(ec2("Action=DescribeSubnets&Filter.1.Name=availability-zone&Filter.1.Value.1=" + availabilityZone
                + "&Filter.2.Name=default-for-az&Filter.2.Value.1=true"), "subnetId");
    }

    /** The default VPC's default security group. */
    public String defaultSecurityGroupId() {
        return first(ec2("Action=DescribeSecurityGroups&Filter.1.Name=group-name&Filter.1.Value.1=default&Filter.2.Name=vpc-id"
                + "&Filter.2.Value.1=" + defaultVpcId()), "groupId");
    }

    private static String first(String xml, String element) {
        Matcher match = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(xml);
        if (!match.find()) {
            throw new IllegalStateException("no " + element + " in " + xml);
        }
        return match.group(1);
    }

    private String post(String path, String contentType, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() / 100 == 2 ? answer.body() : null;
        } catch (IOException e) {
            throw new IllegalStateException("moto did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** moto's own log: one line a request with its status, and the traceback of every request it failed on. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops moto and everything it started (the executable may be a shim that runs Python as a child). */
    @Override
    public void close() {
        httpClients.forEach(SdkHttpClient::close);
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
