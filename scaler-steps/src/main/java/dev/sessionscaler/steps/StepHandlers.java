package dev.sessionscaler.steps;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Which {@link ScaleSteps} method answers which Task state of scale-workflow.asl.json. */
public final class StepHandlers {
    private static final Map<String, BiFunction<ScaleSteps, JsonNode, JsonNode>> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("Prepare", ScaleSteps::prepare);
        STEPS.put("ScaleOut", ScaleSteps::scaleOut);
        STEPS.put("VerifyVictims", ScaleSteps::verifyVictims);
        STEPS.put("MarkDraining", ScaleSteps::markDraining);
        STEPS.put("Deregister", ScaleSteps::deregister);
        STEPS.put("CheckDrain", ScaleSteps::checkDrain);
        STEPS.put("Reregister", ScaleSteps::reregister);
        STEPS.put("PlanStop", ScaleSteps::planStop);
        STEPS.put("ProtectOthers", ScaleSteps::protectOthers);
        STEPS.put("LowerDesired", ScaleSteps::lowerDesired);
        STEPS.put("ConfirmStopped", ScaleSteps::confirmStopped);
        STEPS.put("ReleaseProtection", ScaleSteps::releaseProtection);
        STEPS.put("Recover", ScaleSteps::recover);
        STEPS.put("Cordon", ScaleSteps::cordon);
        STEPS.put("Readmit", ScaleSteps::readmit);
        STEPS.put("VerifyRetire", ScaleSteps::verifyRetire);
        STEPS.put("Finalize", ScaleSteps::finalizeRun);
    }

    private StepHandlers() {
    }

    /** The Task states the steps answer. */
    public static Set<String> states() {
        return Set.copyOf(STEPS.keySet());
    }

    public static Map<String, Function<JsonNode, JsonNode>> byState(ScaleSteps steps) {
        Map<String, Function<JsonNode, JsonNode>> handlers = new LinkedHashMap<>();
        STEPS.forEach((state, step) -> handlers.put(state, input -> step.apply(steps, input)));
        return Map.copyOf(handlers);
    }
}
