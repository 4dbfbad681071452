package dev.sessionscaler.bench;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sessionscaler.core.runtime.Backoff;
import dev.sessionscaler.core.runtime.StructuredLog;
import dev.sessionscaler.ingest.DynamoDbSessionStore;
import dev.sessionscaler.ingest.EventLimits;
import dev.sessionscaler.ingest.IngestBatch;
import dev.sessionscaler.ingest.SenderBinding;
import dev.sessionscaler.ingest.SessionEventParser;
import dev.sessionscaler.ingest.SessionIngestHandler;
import dev.sessionscaler.ingest.SessionTableLayout;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Messages per second through the real ingest handler and DynamoDbSessionStore into embedded DynamoDB
 * Local, on one thread, in batches of 10: 40 % starts, 40 % ends, 20 % heartbeats over 50 tasks.
 * DynamoDB Local is an emulator on this machine, so this measures our code plus the emulator, not AWS.
 * Prints one JSON object.
 */
public final class DynamoDbIngestThroughput {
    private DynamoDbIngestThroughput() {
    }

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        var local = DynamoDBEmbedded.create();
        var dynamo = local.dynamoDbClient();
        SessionTableLayout.createLocalTable(dynamo, "sessions");
        var store = new DynamoDbSessionStore(dynamo, "sessions", IngestBenchmark.CLOCK, EventLimits.DEFAULTS, Backoff.standard());
        var handler = new SessionIngestHandler(new IngestBatch(new SessionEventParser(EventLimits.DEFAULTS, Set.of(), IngestBenchmark.CLOCK),
                store, new StructuredLog(new PrintStream(OutputStream.nullOutputStream()), IngestBenchmark.CLOCK), SenderBinding.OFF));
        run(handler, 1000, 0);  // warm-up
        long started = System.nanoTime();
        run(handler, messages, 1_000_000);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("{\"messages\": %d, \"seconds\": %.3f, \"messagesPerSecond\": %.0f}%n", messages, seconds, messages / seconds);
        dynamo.close();
        local.shutdown();
        // DynamoDB Local leaves non-daemon threads behind that would keep this JVM alive for minutes
        System.exit(0);
    }

    private static void run(SessionIngestHandler handler, int messages, int idBase) {
        for (int sent = 0; sent < messages; sent += 10) {
            List<SQSEvent.SQSMessage> records = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                int n = idBase + sent + i;
                String task = "arn:aws:ecs:us-east-1:123456789012:task/demo/t" + (n % 50);
                String body = switch (i % 5) {
                    case 0, 1 -> start("SESSION_STARTED", task, n / 2, 10);
                    case 2, 3 -> start("SESSION_ENDED", task, n / 2 - 1, 30);
                    default -> "{\"type\":\"TASK_HEARTBEAT\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"" + task
                            + "\",\"activeSessionIds\":[],\"timestamp\":\"2026-01-01T09:" + String.format("%02d", 40 + (n / 50) % 19) + ":00Z\"}";
                };
                SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                record.setMessageId("m" + n);
                record.setBody(body);
                records.add(record);
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(records);
            if (!handler.handleRequest(event, null).getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("a benchmark message failed; the figures would be meaningless");
            }
        }
    }

    private static String start(String type, String task, int session, int minute) {
        return "{\"type\":\"" + type + "\",\"cluster\":\"demo\",\"service\":\"rdp\",\"taskArn\":\"" + task
                + "\",\"sessionId\":\"s" + session + "\",\"timestamp\":\"2026-01-01T09:" + minute + ":00Z\"}";
    }
}
