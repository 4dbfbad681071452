package dev.sessionscaler.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs in a fresh JVM on a function's jar only (plus this class): constructs the handler as Lambda
 * would (its public no-arg constructor, configuration from the environment) and serves one invocation.
 * Prints {@code {"initMs", "firstInvokeMs", "loadedClasses"}}. Uses only JDK and Lambda classes; the
 * SQS part is in its own class so that stream handlers never load the events library.
 *
 * <p>Usage: {@code ColdStartProbe sqs|stream <handler class> <event file>}.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        String body = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        long start = System.nanoTime();
        Object handler = Class.forName(args[1]).getDeclaredConstructor().newInstance();
        long constructed = System.nanoTime();
        if (args[0].equals("sqs")) {
            Sqs.invoke(handler, body);
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), out, null);
        }
        long invoked = System.nanoTime();
        System.out.printf("{\"initMs\": %.1f, \"firstInvokeMs\": %.1f, \"loadedClasses\": %d}%n", (constructed - start) / 1e6,
                (invoked - constructed) / 1e6, ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
    }

    private static final class Sqs {
        @SuppressWarnings("unchecked")
        static void invoke(Object handler, String body) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("cold-1");
            message.setBody(body);
            // as SQS delivers a message the task sent with its own role: the ingest binds the event to its sender
            message.setAttributes(java.util.Map.of("SenderId", "AROAEXAMPLEROLEID:0a1b",
                    "SentTimestamp", Long.toString(System.currentTimeMillis())));
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(message));
            Object response = ((RequestHandler<SQSEvent, Object>) handler).handleRequest(event, null);
            if (response.toString().contains("cold-1")) {
                throw new IllegalStateException("the probe's message failed: " + response);
            }
        }
    }
}
