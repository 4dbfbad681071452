package dev.sessionscaler.sim.ingest;

import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import dev.sessionscaler.ingest.IngestBatch;
import dev.sessionscaler.ingest.SenderBinding;
import dev.sessionscaler.ingest.SessionEventParser;
import dev.sessionscaler.ingest.SessionIngestHandler;
import dev.sessionscaler.ingest.SessionTableLayout;
import dev.sessionscaler.sim.aws.EmbeddedDynamoDb;
import dev.sessionscaler.sim.aws.EmbeddedSqs;
import dev.sessionscaler.sim.aws.SqsEventSourceMapping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Runs session events through the real ingest path on this machine: each line becomes an SQS
 * message on an ElasticMQ queue with a dead-letter queue, is delivered in batches to the real
 * {@link SessionIngestHandler} (see {@link SqsEventSourceMapping} for what is simulated), and is
 * recorded in DynamoDB Local. Rejection reasons are read back from the handler's structured log.
 */
public final class LocalIngest implements AutoCloseable {
    static final String TABLE = "sessions";

    /** One input line: its number in the file (from 1) and the message body. */
    public record Line(int number, String body) {
    }

    public record Rejection(int line, String reason) {
    }

    public record Summary(int accepted, List<Rejection> rejected, int deadLettered, Map<String, Integer> activeSessions) {
    }

    private final EmbeddedDynamoDb dynamo = new EmbeddedDynamoDb();
    private final EmbeddedSqs sqs = new EmbeddedSqs();
    private final EmbeddedSqs.QueuePair queue;
    private final DynamoDbSessionStore store;
    private final SessionEventParser parser;
    private final SqsEventSourceMapping mapping;
    private final ByteArrayOutputStream handlerLog = new ByteArrayOutputStream();

    public LocalIngest(Clock clock, int maxReceiveCount, int batchSize) {
        SessionTableLayout.createLocalTable(dynamo.client(), TABLE);
        queue = sqs.createQueueWithDeadLetterQueue("session-events", maxReceiveCount);
        store = new DynamoDbSessionStore(dynamo.client(), TABLE, clock, EventLimits.DEFAULTS, Backoff.standard());
        parser = new SessionEventParser(EventLimits.DEFAULTS, Set.of(), clock);
        StructuredLog log = new StructuredLog(new PrintStream(handlerLog, true, StandardCharsets.UTF_8), clock);
        SessionIngestHandler handler = new SessionIngestHandler(new IngestBatch(parser, store, log, SenderBinding.OFF));
        mapping = new SqsEventSourceMapping(sqs.client(), queue, handler, batchSize, clock);
    }

    /** Sends every line {@code passes} times (each pass drained before the next) and reports the end state. */
    public Summary run(List<Line> lines, int passes, IntConsumer progress) {
        Map<String, Integer> lineOfMessage = new HashMap<>();
        Map<Integer, String> rejected = new TreeMap<>();
        int accepted = 0;
        for (int pass = 0; pass < passes; pass++) {
            send(lines, lineOfMessage, rejected);
            int done = accepted;
            accepted += mapping.drain(n -> progress.accept(done + n)).succeeded().size();
            readRejections(lineOfMessage, rejected);
        }
        List<Rejection> rejections = new ArrayList<>();
        rejected.forEach((line, reason) -> rejections.add(new Rejection(line, reason)));
        return new Summary(accepted, rejections, sqs.depth(queue.deadLetterUrl()), activeSessions(lines));
    }

    private void send(List<Line> lines, Map<String, Integer> lineOfMessage, Map<Integer, String> rejected) {
        List<SendMessageBatchRequestEntry> entries = lines.stream()
                .map(l -> SendMessageBatchRequestEntry.builder().id("line-" + l.number()).messageBody(l.body()).build())
                .toList();
        List<BatchResultErrorEntry> refused = sqs.sendAll(queue.url(), entries,
                ok -> lineOfMessage.put(ok.messageId(), lineNumber(ok.id())));
        for (BatchResultErrorEntry error : refused) {
            rejected.putIfAbsent(lineNumber(error.id()), "SQS refused the message: " + error.message());
        }
    }

    private void readRejections(Map<String, Integer> lineOfMessage, Map<Integer, String> rejected) {
        for (String text : handlerLog.toString(StandardCharsets.UTF_8).split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("the ingest handler wrote a log line that is not JSON: " + text, e);
            }
            if ("session event rejected".equals(line.path("message").asText())) {
                Integer number = lineOfMessage.get(line.path("messageId").asText());
                if (number != null) {
                    rejected.putIfAbsent(number, line.path("reason").asText());
                }
            }
        }
        handlerLog.reset();
    }

    private Map<String, Integer> activeSessions(List<Line> lines) {
        Set<ServiceRef> services = new LinkedHashSet<>();
        for (Line line : lines) {
            try {
                services.add(parser.parse(line.body()).service());
            } catch (InvalidInputException e) {
                // rejected lines name no service we could read
            }
        }
        Map<String, Integer> active = new TreeMap<>();
        for (ServiceRef service : services) {
            store.taskSessions(service).forEach((arn, task) -> active.put(arn, task.activeSessions()));
        }
        return active;
    }

    private static int lineNumber(String entryId) {
        return Integer.parseInt(entryId.substring("line-".length()));
    }

    @Override
    public void close() {
        sqs.close();
        dynamo.close();
    }
}
