package dev.sessionscaler.harness;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * The testing state machine's task Lambda: one function for all its steps, named by the state's {@code step} field. An
 * exception propagates, so Step Functions sees it by class name (its Retry and Catch match them).
 */
public final class IntegrationTestHandler implements RequestStreamHandler {
    private final Map<String, Function<JsonNode, JsonNode>> steps;

    public IntegrationTestHandler() {
        this(HarnessRuntime.fromEnvironment());
    }

    IntegrationTestHandler(HarnessSteps steps) {
        this.steps = steps.byStep();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode in = Json.MAPPER.readTree(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        Function<JsonNode, JsonNode> step = steps.get(in.path("step").asText(""));
        if (step == null) {
            throw new IllegalArgumentException("step: must be one of " + steps.keySet() + ", got \"" + in.path("step").asText("") + "\"");
        }
        output.write(Json.write(step.apply(in)).getBytes(StandardCharsets.UTF_8));
    }
}
