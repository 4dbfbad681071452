package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Which {@link ScaleSteps} method answers which Task state of scale-workflow.asl.json. */
public final class StepHandlers {
    private StepHandlers() {
    }

    public static Map<String, Function<JsonNode, JsonNode>> byState(ScaleSteps steps) {
        Map<String, Function<JsonNode, JsonNode>> handlers = new LinkedHashMap<>();
        handlers.put("Prepare", steps::prepare);
        handlers.put("ScaleOut", steps::scaleOut);
        handlers.put("VerifyVictims", steps::verifyVictims);
        handlers.put("MarkDraining", steps::markDraining);
        handlers.put("Deregister", steps::deregister);
        handlers.put("CheckDrain", steps::checkDrain);
        handlers.put("Reregister", steps::reregister);
        handlers.put("SafeStop", steps::safeStop);
        handlers.put("ConfirmStopped", steps::confirmStopped);
        handlers.put("ReleaseProtection", steps::releaseProtection);
        handlers.put("Recover", steps::recover);
        handlers.put("Finalize", steps::finalizeRun);
        return Map.copyOf(handlers);
    }
}
