package dev.sessionscaler.sim.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import dev.sessionscaler.ingest.IngestBatch;
import dev.sessionscaler.ingest.SenderBinding;
import dev.sessionscaler.ingest.SessionEventParser;
import dev.sessionscaler.ingest.SessionIngestHandler;
import dev.sessionscaler.ingest.SessionTableLayout;
import dev.sessionscaler.reporter.EventSender;
import dev.sessionscaler.reporter.ReporterSettings;
import dev.sessionscaler.reporter.SessionReporter;
import dev.sessionscaler.reporter.SqsEventSender;
import dev.sessionscaler.reporter.TaskIdentity;
import dev.sessionscaler.sim.aws.EmbeddedDynamoDb;
import dev.sessionscaler.sim.aws.EmbeddedSqs;
import dev.sessionscaler.sim.aws.SqsEventSourceMapping;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * From the reporter library to the aggregate the analyzer reads, on real parts: the reporter's SQS sender to ElasticMQ,
 * the real ingest handler, DynamoDB Local. Only the event source mapping between queue and handler is simulated,
 * and the outage is: a sender that throws while "down" stands in for an unreachable queue.
 */
class ReporterEndToEndTest {
    static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b";
    static final ServiceRef SERVICE = new ServiceRef("demo", "rdp");
    static final Clock CLOCK = Clock.systemUTC();  // the reporter stamps real time; ingest checks it against SQS's receipt

    private static EmbeddedSqs sqs;
    private static EmbeddedDynamoDb dynamo;
    private static int names;

    @BeforeAll
    static void start() {
        sqs = new EmbeddedSqs();
        dynamo = new EmbeddedDynamoDb();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        dynamo.close();
    }

    record Pipeline(EmbeddedSqs.QueuePair queue, DynamoDbSessionStore store, SqsEventSourceMapping mapping) {
        int activeSessions() {
            mapping.drain(n -> { });
            return store.taskSessions(SERVICE).get(ARN).activeSessions();
        }
    }

    static Pipeline pipeline() {
        String table = "reporter-" + (++names);
        SessionTableLayout.createLocalTable(dynamo.client(), table);
        var store = new DynamoDbSessionStore(dynamo.client(), table, CLOCK, EventLimits.DEFAULTS, Backoff.standard());
        var queue = sqs.createQueueWithDeadLetterQueue(table, 3);
        var handler = new SessionIngestHandler(new IngestBatch(new SessionEventParser(EventLimits.DEFAULTS, Set.of(), CLOCK),
                store, new StructuredLog(new PrintStream(OutputStream.nullOutputStream()), CLOCK), SenderBinding.OFF));
        return new Pipeline(queue, store, new SqsEventSourceMapping(sqs.client(), queue, handler, 10, CLOCK));
    }

    /** The reporter's own SQS sender (URL-connection client, no SDK retries), pointed at ElasticMQ. */
    static SqsEventSender senderTo(EmbeddedSqs.QueuePair queue) {
        URI url = URI.create(queue.url());
        return SqsEventSender.forEndpoint(SqsClient.builder().region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                URI.create(url.getScheme() + "://" + url.getAuthority()), queue.url());
    }

    static SessionReporter reporter(EventSender sender, ReporterSettings settings, Clock clock) {
        return SessionReporter.builder().environment(Map.of()).identity(new TaskIdentity(ARN, "demo", "rdp"))
                .settings(settings.withShutdownHook(false)).sender(sender).clock(clock).build();
    }

    /** Real time moved by {@code shift}: what happened during an outage is stamped minutes before the heartbeat after it. */
    static final class ShiftedClock extends Clock {
        volatile java.time.Duration shift = java.time.Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(shift);
        }
    }

    @Test
    void whatTheReporterSendsIsWhatTheAnalyzerReads() {
        Pipeline p = pipeline();
        try (SessionReporter reporter = reporter(senderTo(p.queue()), ReporterSettings.defaults(), CLOCK)) {
            List.of("a", "b", "c").forEach(reporter::sessionStarted);
            reporter.sessionEnded("b");
            assertThat(reporter.flush()).isTrue();
            assertThat(p.activeSessions()).isEqualTo(2);

            assertThat(reporter.heartbeat()).isTrue();
            assertThat(p.activeSessions()).isEqualTo(2);
            assertThat(p.store().taskSessions(SERVICE).get(ARN).lastHeartbeat()).as("fresh").isNotNull();
            assertThat(sqs.depth(p.queue().deadLetterUrl())).as("nothing refused").isZero();
        }
    }

    /** An outage stand-in around the real sender: throws while down, as an unreachable endpoint would. */
    static final class Outage implements EventSender {
        final EventSender real;
        volatile boolean down;

        Outage(EventSender real) {
            this.real = real;
        }

        @Override
        public List<Outcome> send(List<String> bodies) throws Exception {
            if (down) {
                throw new java.net.ConnectException("Connection refused (simulated outage)");
            }
            return real.send(bodies);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void anOutageLosesNothingTheNextHeartbeatCannotHealAndMemoryStaysBounded() {
        Pipeline p = pipeline();
        Outage outage = new Outage(senderTo(p.queue()));
        ShiftedClock clock = new ShiftedClock();
        clock.shift = java.time.Duration.ofMinutes(-10);  // the outage began ten minutes ago
        try (SessionReporter reporter = reporter(outage, ReporterSettings.defaults().withMaxBufferedEvents(25), clock)) {
            reporter.sessionStarted("before");
            reporter.flush();
            outage.down = true;
            IntStream.range(0, 100).forEach(i -> reporter.sessionStarted("during-" + i));
            IntStream.range(0, 40).forEach(i -> reporter.sessionEnded("during-" + i));
            reporter.sessionEnded("before");
            reporter.flush();
            reporter.heartbeat();
            assertThat(reporter.metrics().buffered()).as("bounded").isEqualTo(25);
            assertThat(reporter.metrics().dropped()).isEqualTo(141 - 25);

            outage.down = false;
            clock.shift = java.time.Duration.ZERO;  // it is over now
            assertThat(reporter.flush()).isTrue();
            assertThat(p.activeSessions()).as("only the STARTs that waited arrived").isEqualTo(1 + 25);
            assertThat(reporter.heartbeat()).isTrue();

            assertThat(p.activeSessions()).as("the heartbeat heals the store: exactly the sessions still active").isEqualTo(60);
            assertThat(sqs.depth(p.queue().deadLetterUrl())).isZero();
        }
    }
}
