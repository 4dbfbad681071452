package dev.sessionscaler.sim.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.core.config.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Amazon States Language definitions on aws-local-stepfunctions in a Node process, with every
 * Task state answered by Java and every Wait state answered by Java's virtual clock, over JSON lines on
 * stdio (see {@code workflow-driver.mjs}). Time moves only when Java advances it, so runs are
 * deterministic. One execution at a time.
 */
public final class WorkflowBridge implements AutoCloseable {
    /** Answers a Task state. Throw {@link TaskFailure} to fail it with an error name, as a Lambda would. */
    @FunctionalInterface
    public interface TaskInvoker {
        JsonNode invoke(String state, JsonNode input) throws TaskFailure;
    }

    /** Moves virtual time forward; the simulated world does whatever happens in that time. */
    @FunctionalInterface
    public interface VirtualClock {
        void advance(long seconds);
    }

    /** A Task failure as the ASL sees it: {@code error} is what Retry and Catch match. */
    public static final class TaskFailure extends Exception {
        private final String error;

        public TaskFailure(String error, String cause) {
            super(cause);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    /**
     * Thrown by a {@link TaskInvoker} whose task has done its work: the execution is then stopped by hand (as
     * StopExecution does) before the task's result is recorded. The execution ends {@code ABORTED}.
     */
    public static final class StopExecution extends RuntimeException {
        public StopExecution(String state) {
            super("execution stopped by hand after " + state);
        }
    }

    public record Execution(String status, JsonNode output, String error, String cause, int stateTransitions,
                            List<String> statesVisited) {
    }

    private final Process node;
    private final BufferedWriter toNode;
    private final BufferedReader fromNode;
    private final Path stderr;

    public WorkflowBridge() {
        this(driverDirectory());
    }

    public WorkflowBridge(Path driverDirectory) {
        Path driver = driverDirectory.toAbsolutePath().resolve("workflow-driver.mjs");
        if (!Files.isRegularFile(driver) || !Files.isDirectory(driverDirectory.resolve("node_modules"))) {
            throw new IllegalStateException("workflow driver not installed in " + driverDirectory
                    + "; build with 'mvn -pl simulator -am package -DskipTests' (it runs npm ci)");
        }
        try {
            stderr = Files.createTempFile("workflow-driver", ".log");
            node = new ProcessBuilder("node", driver.toString()).directory(driverDirectory.toFile())
                    .redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start 'node' (Node.js 18 or newer is needed): " + e.getMessage(), e);
        }
        toNode = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        fromNode = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    public Execution run(String executionName, JsonNode definition, JsonNode input, TaskInvoker tasks, VirtualClock clock) {
        ObjectNode start = Json.MAPPER.createObjectNode().put("type", "start").put("execution", executionName);
        start.set("definition", definition.deepCopy());
        start.set("input", input);
        start.set("context", Json.MAPPER.createObjectNode().set("Execution",
                Json.MAPPER.createObjectNode().put("Name", executionName).put("Id", "local:" + executionName)));
        send(start);
        while (true) {
            JsonNode message = receive();
            switch (message.path("type").asText()) {
                case "invoke" -> answerTask(message, tasks);
                case "wait" -> {
                    clock.advance(message.path("seconds").asLong());
                    send(Json.MAPPER.createObjectNode().put("type", "resume").put("call", message.path("call").asInt()));
                }
                case "done" -> {
                    List<String> visited = new ArrayList<>();
                    message.path("statesVisited").forEach(s -> visited.add(s.asText()));
                    return new Execution(message.path("status").asText(), message.get("output"),
                            message.path("error").asText(null), message.path("cause").asText(null),
                            message.path("stateTransitions").asInt(), visited);
                }
                default -> throw new IllegalStateException("unexpected message from the workflow driver: " + message);
            }
        }
    }

    private void answerTask(JsonNode message, TaskInvoker tasks) {
        int call = message.path("call").asInt();
        ObjectNode reply = Json.MAPPER.createObjectNode().put("call", call);
        try {
            reply.put("type", "result").set("output", tasks.invoke(message.path("state").asText(), message.get("input")));
        } catch (TaskFailure failure) {
            reply.put("type", "error").put("error", failure.error()).put("cause", failure.getMessage());
        } catch (StopExecution stopped) {
            send(Json.MAPPER.createObjectNode().put("type", "abort").put("execution", message.path("execution").asText()));
            return;
        }
        send(reply);
    }

    private void send(JsonNode message) {
        try {
            toNode.write(Json.write(message));
            toNode.newLine();
            toNode.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the workflow driver is gone: " + driverLog(), e);
        }
    }

    private JsonNode receive() {
        try {
            String line = fromNode.readLine();
            if (line == null) {
                throw new IllegalStateException("the workflow driver exited: " + driverLog());
            }
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read from the workflow driver: " + driverLog(), e);
        }
    }

    private String driverLog() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no driver log)";
        }
    }

    /** {@code node/} beside the CLI jar or the classes directory: both are in simulator/target. */
    public static Path driverDirectory() {
        String configured = System.getProperty("sessionscaler.node.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            Path codeSource = Path.of(WorkflowBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.getParent().resolve("node");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the workflow driver", e);
        }
    }

    @Override
    public void close() {
        try {
            toNode.close();
        } catch (IOException e) {
            // the process is being ended anyway
        }
        node.destroy();
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }
}
