package dev.sessionscaler.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A workflow task Lambda: reads the state's JSON, runs its {@link ScaleSteps} method, writes the
 * result. Exceptions propagate, so Lambda reports them by class name and the ASL's Retry and Catch
 * match them. The concrete handlers below differ only in the state they answer.
 */
public abstract class StepHandler implements RequestStreamHandler {
    private final Function<JsonNode, JsonNode> step;

    protected StepHandler(String state) {
        this(state, StepsRuntime::fromEnvironment);
    }

    protected StepHandler(String state, Supplier<ScaleSteps> steps) {
        this.step = StepHandlers.byState(steps.get()).get(state);
        if (step == null) {
            throw new IllegalArgumentException("no step answers state " + state);
        }
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode state = Json.MAPPER.readTree(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(Json.write(step.apply(state)).getBytes(StandardCharsets.UTF_8));
    }

    public static final class Prepare extends StepHandler { public Prepare() { super("Prepare"); } }
    public static final class ScaleOut extends StepHandler { public ScaleOut() { super("ScaleOut"); } }
    public static final class VerifyVictims extends StepHandler { public VerifyVictims() { super("VerifyVictims"); } }
    public static final class MarkDraining extends StepHandler { public MarkDraining() { super("MarkDraining"); } }
    public static final class Deregister extends StepHandler { public Deregister() { super("Deregister"); } }
    public static final class CheckDrain extends StepHandler { public CheckDrain() { super("CheckDrain"); } }
    public static final class Reregister extends StepHandler { public Reregister() { super("Reregister"); } }
    public static final class PlanStop extends StepHandler { public PlanStop() { super("PlanStop"); } }
    public static final class ProtectOthers extends StepHandler { public ProtectOthers() { super("ProtectOthers"); } }
    public static final class LowerDesired extends StepHandler { public LowerDesired() { super("LowerDesired"); } }
    public static final class ConfirmStopped extends StepHandler { public ConfirmStopped() { super("ConfirmStopped"); } }
    public static final class ReleaseProtection extends StepHandler { public ReleaseProtection() { super("ReleaseProtection"); } }
    public static final class Recover extends StepHandler { public Recover() { super("Recover"); } }
    public static final class Cordon extends StepHandler { public Cordon() { super("Cordon"); } }
    public static final class Readmit extends StepHandler { public Readmit() { super("Readmit"); } }
    public static final class VerifyRetire extends StepHandler { public VerifyRetire() { super("VerifyRetire"); } }
    public static final class Finalize extends StepHandler { public Finalize() { super("Finalize"); } }
}
