package dev.sessionscaler.sim.workflow;

import dev.sessionscaler.core.config.InvalidInputException;
import java.util.List;
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
 *   <li>{@code execution-dies:<State>}: right after that task has made its AWS calls, before its result is
 *       recorded, the execution is stopped by hand; the next analyzer reconciliation must complete or undo
 *       what it left (lease, marks, deregistered targets, protection, desired count).</li>
 *   <li>{@code session-during-drain}: 60 s after a victim is deregistered, a session appears on it and
 *       lasts past the drain deadline.</li>
 *   <li>{@code task-vanished}: 60 s after a victim is deregistered, it stops on its own.</li>
 *   <li>{@code slow-drain}: a victim keeps idle connections (no sessions) open, so its target drains for
 *       the whole deregistration delay and the workflow checks several times.</li>
 *   <li>{@code heartbeat-lost}: a victim stops sending heartbeats once deregistered, so its sessions are
 *       unknown at the drain deadline.</li>
 *   <li>{@code app-protects-victim}: once the victims are verified, the application protects each of them and
 *       a session starts on it.</li>
 *   <li>{@code victim-never-stops}: ECS never stops a victim after the desired count is lowered.</li>
 *   <li>{@code app-protects-other}: while the workflow's protection is on, the application protects one of
 *       the other tasks itself (which resets the expiry); it must still be protected at the end.</li>
 * </ul>
 */
public record Fault(String kind, String state) {
    /** Faults that name a Task state. */
    public static final Set<String> WITH_STATE = Set.of("throttle", "lambda-failure", "lost-response", "execution-dies");
    public static final List<String> KINDS = List.of("throttle", "lambda-failure", "lost-response", "execution-dies",
            "session-during-drain", "task-vanished", "slow-drain", "heartbeat-lost", "app-protects-victim",
            "victim-never-stops", "app-protects-other");

    public static Fault parse(String text, Set<String> taskStates) {
        String[] parts = text.split(":", 2);
        String kind = parts[0];
        if (!KINDS.contains(kind)) {
            throw new InvalidInputException("--inject", "unknown fault \"" + text + "\" (expected one of " + usage() + ")");
        }
        boolean needsState = WITH_STATE.contains(kind);
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

    /** The faults as the command line takes them. */
    public static String usage() {
        return String.join(", ", KINDS.stream().map(k -> WITH_STATE.contains(k) ? k + ":<State>" : k).toList());
    }
}
