package dev.sessionscaler.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.runtime.StructuredLog;
import dev.sessionscaler.ingest.EventLimits;
import dev.sessionscaler.ingest.InMemorySessionStore;
import dev.sessionscaler.ingest.IngestBatch;
import dev.sessionscaler.ingest.SenderBinding;
import dev.sessionscaler.ingest.SessionEventParser;
import dev.sessionscaler.ingest.SessionIngestHandler;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Ingest on the CPU: parsing and validating one message, and whole SQS batches through the real handler. */
@State(Scope.Thread)
public class IngestBenchmark {
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b";
    static final String START = "{\"type\":\"SESSION_STARTED\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"" + ARN
            + "\",\"sessionId\":\"s-%d\",\"timestamp\":\"2026-01-01T09:%02d:00Z\"}";
    static final String END = START.replace("SESSION_STARTED", "SESSION_ENDED");
    static final String HEARTBEAT = "{\"type\":\"TASK_HEARTBEAT\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"" + ARN
            + "\",\"activeSessionIds\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\"],\"timestamp\":\"2026-01-01T09:59:00Z\"}";

    private final SessionEventParser parser = new SessionEventParser(EventLimits.DEFAULTS, Set.of(), CLOCK);
    private final String start = String.format(START, 1, 10);
    private SessionIngestHandler handler;
    private long sessions;

    @Setup(Level.Iteration)
    public void freshStore() {
        handler = new SessionIngestHandler(new IngestBatch(parser, new InMemorySessionStore(),
                new StructuredLog(new PrintStream(OutputStream.nullOutputStream()), CLOCK), SenderBinding.OFF));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SessionEvent parseAndValidateSessionStart() {
        return parser.parse(start);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SessionEvent parseAndValidateHeartbeat() {
        return parser.parse(HEARTBEAT);
    }

    /** A batch of 10 (5 starts, 5 ends of new sessions) through the handler into the in-memory store; reported per message. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(10)
    public SQSBatchResponse handleBatchOfTen() {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(10);
        for (int i = 0; i < 5; i++) {
            long id = sessions++;
            records.add(message(String.format(START, id, (int) (id % 50))));
            records.add(message(String.format(END, id, (int) (id % 50) + 5)));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return handler.handleRequest(event, null);
    }

    private static SQSEvent.SQSMessage message(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(body.hashCode() + "");
        message.setBody(body);
        return message;
    }
}
