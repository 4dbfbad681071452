package dev.sessionscaler.reporter.sidecar;

import dev.sessionscaler.reporter.PrintingEventSender;
import dev.sessionscaler.reporter.ReporterConfigException;
import dev.sessionscaler.reporter.ReporterSettings;
import dev.sessionscaler.reporter.SessionReporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The connection-counting sidecar: every established inbound TCP connection to the application's port(s) that has
 * lasted {@code --min-age-seconds} is a session; START and END are sent as they come and go, and a heartbeat every
 * minute, through {@link SessionReporter}. No change to the application.
 */
public final class Sidecar {
    static final String USAGE = """
            Usage: session-scaler sidecar --port P [--port P ...] [options]

            Reports the established inbound TCP connections to the application's port(s) as sessions to Session Scaler
            (one connection = one session). Runs beside the application in the same ECS task (awsvpc network mode).

              --port P               a port the application accepts sessions on (repeatable; at least one)
              --min-age-seconds N    a connection counts once it has lasted N seconds (default 10: load balancer
                                     health checks and other short connections never count)
              --interval-seconds N   how often to look at the connections (default 2)
              --task-arn ARN         the task (default: from the ECS task metadata endpoint)
              --cluster NAME         its cluster (default: from the task metadata)
              --service NAME         its service (default: ServiceName from the task metadata; required where the
                                     metadata has none, as on Fargate)
              --queue-url URL        send to this queue (default: $SESSION_SCALER_QUEUE_URL), or
              --api-url URL          send through the private API (default: $SESSION_SCALER_API_URL)
              --protect-while-busy   hold ECS task scale-in protection while there are sessions
              --report-usage         add the task's CPU and memory (from the task metadata endpoint) to each heartbeat,
                                     so the analyzer needs no CloudWatch read once every task reports them (default:
                                     $SESSION_SCALER_REPORT_USAGE, else off)
              --print                write each message as one JSON line on stdout instead of sending it
                                     (the lines are accepted as they are by session-scaler ingest)
              --once                 one look (two, --min-age-seconds apart), one heartbeat, then exit
              --proc-net DIR         where the kernel's tcp and tcp6 tables are (default /proc/net)
              --help                 this text

            Fits one long-lived connection per session: WebSocket, RDP/VNC or any TCP protocol through an NLB,
            WebSocket through an ALB. Not for HTTP request/response services behind an ALB: its pooled keep-alive
            connections look like sessions (safe, they only block scale-in); report those from the application.
            Exit codes: 0 done, 2 invalid options or configuration, 1 unexpected failure.
            """;

    private Sidecar() {
    }

    /** The options, checked. */
    record Options(List<Integer> ports, Duration minAge, Duration interval, String taskArn, String cluster, String service,
                   String queueUrl, String apiUrl, boolean protect, boolean print, boolean once, Path procNet,
                   boolean reportUsage) {
    }

    /** Runs the sidecar; returns the exit code. Only returns on its own with {@code --once} (else when interrupted). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                out.print(USAGE);
                out.flush();
                return 0;
            }
            err.println("error: " + e.getMessage());
            err.println("(session-scaler sidecar --help lists the options)");
            err.flush();
            return 2;
        }
        try (SessionReporter reporter = reporter(options, out, env)) {
            ConnectionTable table = new ConnectionTable(options.procNet());
            ConnectionTracker tracker = new ConnectionTracker(options.minAge());
            if (options.once()) {
                tracker.observe(table.inbound(new TreeSet<>(options.ports())), Clock.systemUTC().instant());
                Thread.sleep(options.minAge().toMillis());
                tracker.observe(table.inbound(new TreeSet<>(options.ports())), Clock.systemUTC().instant());
                reporter.resetSessions(tracker.sessions());
                return reporter.heartbeat() ? 0 : 1;
            }
            reporter.start();
            while (!Thread.currentThread().isInterrupted()) {
                var changes = tracker.observe(table.inbound(new TreeSet<>(options.ports())), Clock.systemUTC().instant());
                changes.ended().forEach(reporter::sessionEnded);
                changes.started().forEach(reporter::sessionStarted);
                Thread.sleep(options.interval().toMillis());
            }
            return 0;
        } catch (ReporterConfigException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IOException e) {
            err.println("error: cannot read the connection table in " + options.procNet() + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static SessionReporter reporter(Options o, PrintWriter out, Map<String, String> env) {
        ReporterSettings settings = ReporterSettings.fromEnvironment(env);
        if (o.queueUrl() != null || o.apiUrl() != null) {  // an option replaces the environment's destination (parse: not both)
            settings = settings.withQueueUrl(o.queueUrl()).withApiUrl(o.apiUrl() == null ? null : java.net.URI.create(o.apiUrl()));
        }
        settings = settings.withProtectWhileBusy(o.protect() || settings.protectWhileBusy()).withShutdownHook(!o.once());
        SessionReporter.Builder builder = SessionReporter.builder().environment(env).settings(settings)
                .taskArn(o.taskArn()).cluster(o.cluster()).service(o.service());
        if (o.print()) {
            builder.sender(new PrintingEventSender(out));
        }
        if (o.reportUsage()) {
            builder.reportUsage(true);  // otherwise as the environment says
        }
        return builder.build();
    }

    static Options parse(String[] args) throws UsageException {
        List<Integer> ports = new ArrayList<>();
        int minAge = 10;
        int interval = 2;
        String taskArn = null;
        String cluster = null;
        String service = null;
        String queueUrl = null;
        String apiUrl = null;
        boolean protect = false;
        boolean print = false;
        boolean once = false;
        boolean reportUsage = false;
        Path procNet = Path.of("/proc/net");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> throw new UsageException(null);
                case "--print" -> print = true;
                case "--once" -> once = true;
                case "--protect-while-busy" -> protect = true;
                case "--report-usage" -> reportUsage = true;
                case "--port" -> ports.add(number(a, value(args, ++i, a), 1, 65535));
                case "--min-age-seconds" -> minAge = number(a, value(args, ++i, a), 0, 3600);
                case "--interval-seconds" -> interval = number(a, value(args, ++i, a), 1, 60);
                case "--task-arn" -> taskArn = value(args, ++i, a);
                case "--cluster" -> cluster = value(args, ++i, a);
                case "--service" -> service = value(args, ++i, a);
                case "--queue-url" -> queueUrl = value(args, ++i, a);
                case "--api-url" -> apiUrl = value(args, ++i, a);
                case "--proc-net" -> procNet = Path.of(value(args, ++i, a));
                default -> throw new UsageException("unknown option \"" + a + "\"");
            }
        }
        if (ports.isEmpty()) {
            throw new UsageException("--port: give the port the application accepts sessions on (at least one)");
        }
        if (queueUrl != null && apiUrl != null) {
            throw new UsageException("--queue-url and --api-url: give only one destination");
        }
        return new Options(List.copyOf(ports), Duration.ofSeconds(minAge), Duration.ofSeconds(interval), taskArn, cluster, service,
                queueUrl, apiUrl, protect, print, once, procNet, reportUsage);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + ": needs a value");
        }
        return args[i];
    }

    private static int number(String option, String text, int min, int max) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": must be a whole number, got \"" + text + "\"");
        }
        if (n < min || n > max) {
            throw new UsageException(option + ": must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** Invalid options (with the reason), or a request for help (no message). */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
