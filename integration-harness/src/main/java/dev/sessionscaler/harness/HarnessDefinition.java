package dev.sessionscaler.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The testing state machine's definition, {@code integration-test.asl.json}, with its placeholders filled in. */
public final class HarnessDefinition {
    public static final String RESOURCE = "/integration-test.asl.json";

    private HarnessDefinition() {
    }

    /**
     * @param functionArn        the harness function ({@code ${IntegrationTestFunctionArn}})
     * @param scaleStateMachine  the scale state machine the acts run ({@code ${ScaleStateMachineArn}})
     */
    public static String text(String functionArn, String scaleStateMachine) {
        try (InputStream in = HarnessDefinition.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> e : Map.of("IntegrationTestFunctionArn", functionArn,
                    "ScaleStateMachineArn", scaleStateMachine).entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
