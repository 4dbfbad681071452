package dev.sessionscaler.core.model;

import dev.sessionscaler.core.config.JsonInput;
import java.time.Instant;
import java.util.Set;

/**
 * The only memory the decision has between runs. It is an input and an output of every decision
 * (never hidden state), so a run can be replayed from its audit record.
 *
 * @param lowSince       since when the scale-in condition has held without a break; null if it does not hold
 * @param lastScaleOutAt when the last scale-out was decided (not in dry-run)
 * @param lastScaleInAt  when the last scale-in was decided (not in dry-run)
 */
public record DecisionHistory(Instant lowSince, Instant lastScaleOutAt, Instant lastScaleInAt) {
    private static final Set<String> FIELDS = Set.of("lowSince", "lastScaleOutAt", "lastScaleInAt");

    public static DecisionHistory empty() {
        return new DecisionHistory(null, null, null);
    }

    public static DecisionHistory fromJson(JsonInput json) {
        json.rejectUnknownFields(FIELDS);
        return new DecisionHistory(json.optionalInstant("lowSince"), json.optionalInstant("lastScaleOutAt"),
                json.optionalInstant("lastScaleInAt"));
    }
}
