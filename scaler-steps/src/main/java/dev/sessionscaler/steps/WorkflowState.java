package dev.sessionscaler.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The scale workflow's execution state, as records: what each state adds to it (by its ResultPath in
 * scale-workflow.asl.json) and reads from it. It holds the plan, the victims and their results, and
 * nothing that grows with the fleet: the tasks a stop protects are in the ledger, not here (safety issue, item 8).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowState(String executionName, String cluster, String service, String action, String reason,
                            Integer desiredCount, List<String> readmit, List<String> tasks, Integer drainConcurrency,
                            ScaleOutResult result, TaskActionResult done,
                            Verified verified, List<DrainResult> drained, StopPlan plan, ProtectProgress protect,
                            StopResult stop, Confirmation confirm, JsonNode failure) {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static <T> T read(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("the workflow state does not match " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** What ScaleOut did: cordoned tasks readmitted first, then the desired count raised. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScaleOutResult(String outcome, int desiredCountBefore, int desiredCountAfter, String detail, List<String> readmitted) {
    }

    /** What Cordon or Readmit did to the named tasks, and why the others were left as they are. */
    public record TaskActionResult(List<String> tasks, List<Refusal> refused) {
    }

    /** VerifyVictims: the victims that may be drained, and why the others were refused. */
    public record Verified(List<Victim> victims, List<Refusal> refused) {
    }

    public record Victim(String taskArn, String ip) {
    }

    public record Refusal(String taskArn, String reason) {
    }

    /** One victim's drain, as the Map state's item processor ends it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DrainResult(String taskArn, String verdict, String reason) {
    }

    /** One item of the drain Map: a victim and what its drain has found so far. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VictimItem(String cluster, String service, String executionName, Victim victim, Deregistered deregistered,
                             Check check) {
    }

    /**
     * Deregister: {@code DEREGISTERED} with the drain timing of the target group's real delay, or {@code ABORT} when
     * the task was not registered where the configuration says (nothing was touched).
     *
     * @param deregisteredAt when the drain began (the mark, written before DeregisterTargets): the drain's deadlines are
     *                       timed from it, so they come early, never late
     * @param outOfServiceBy a time by which DeregisterTargets had returned: the load balancer's lag is counted from it, so
     *                       it ends late, never early; null in a state written before it was kept (then the check's own
     *                       time stands in for it)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deregistered(String verdict, String reason, Instant deregisteredAt, Integer delaySeconds,
                               Integer firstCheckSeconds, Integer recheckSeconds, Instant outOfServiceBy) {
        static Deregistered abort(String reason) {
            return new Deregistered("ABORT", reason, null, null, null, null, null);
        }
    }

    public record Check(String verdict, String reason) {
    }

    /** PlanStop: the drained victims still safe to stop, and the others, kept. */
    public record StopPlan(List<String> stopping, List<Refusal> kept) {
    }

    /** ProtectOthers: running tasks not yet protected (more invocations follow while above zero). */
    public record ProtectProgress(int remaining) {
    }

    /** LowerDesired: the victims ECS may stop now, and the desired count set for them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StopResult(List<String> stopping, List<Refusal> kept, int desiredCountBefore, int desiredCountAfter,
                             Instant stopRequestedAt) {
    }

    /** ConfirmStopped. */
    public record Confirmation(boolean allStopped, boolean giveUp, String reason) {
    }
}
