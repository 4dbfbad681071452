package dev.sessionscaler.sim.workflow;

import dev.sessionscaler.core.config.InvalidInputException;
import java.util.Set;

/**
 * A fault to inject into a local workflow run.
 *
 * <ul>
 *   <li>{@code throttle:<State>}: the first call of that Task state fails as throttled AWS calls do
 *       after the SDK's own retries ({@code TransientAwsException}).</li>
 *   <li>{@code lambda-failure:<State>}: that task Lambda fails once ({@code Lambda.ServiceException}).</li>
 *   <li>{@code lost-response:<State>}: that task runs, but its response is lost once, so Step Functions
 *       runs it again: every step must be safe to repeat.</li>
 *   <li>{@code session-during-drain}: 60 s after a victim is deregistered, a session appears on it and
 *       lasts past the drain deadline.</li>
 *   <li>{@code task-vanished}: 60 s after a victim is deregistered, it stops on its own.</li>
 *   <li>{@code slow-drain}: a victim keeps idle connections (no sessions) open, so its target drains for
 *       the whole deregistration delay and the workflow checks several times.</li>
 *   <li>{@code heartbeat-lost}: a victim stops sending heartbeats once deregistered, so its sessions are
 *       unknown at the drain deadline.</li>
 * </ul>
 */
public record Fault(String kind, String state) {
    public static final Set<String> KINDS = Set.of("throttle", "lambda-failure", "lost-response", "session-during-drain", "task-vanished",
            "slow-drain", "heartbeat-lost");

    public static Fault parse(String text, Set<String> taskStates) {
        String[] parts = text.split(":", 2);
        String kind = parts[0];
        if (!KINDS.contains(kind)) {
            throw new InvalidInputException("--inject", "unknown fault \"" + text + "\" (expected throttle:<State>, "
                    + "lambda-failure:<State>, lost-response:<State>, session-during-drain, task-vanished, slow-drain or heartbeat-lost)");
        }
        boolean needsState = kind.equals("throttle") || kind.equals("lambda-failure") || kind.equals("lost-response");
        if (needsState != (parts.length == 2)) {
            throw new InvalidInputException("--inject", needsState ? "\"" + kind + "\" needs a state: " + kind + ":<State>"
                    : "\"" + kind + "\" takes no state");
        }
        if (needsState && !taskStates.contains(parts[1])) {
            throw new InvalidInputException("--inject", "\"" + parts[1] + "\" is not a Task state of the workflow (one of "
                    + String.join(", ", taskStates.stream().sorted().toList()) + ")");
        }
        return new Fault(kind, needsState ? parts[1] : null);
    }
}
