package dev.sessionscaler.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What an integration test carries from state to state (the testing state machine's {@code $.run}): the service it
 * drives, what it changed (so Restore can undo it), the tasks it prepared and the acts it runs.
 *
 * @param desiredBefore the service's desired count before the test set its own
 * @param sessions      the synthetic sessions the test reported, by task: each is ended by Restore
 */
public record HarnessRun(String execution, String scenario, String cluster, String service, int desiredBefore, int tasks,
                         int attempts, boolean ready, List<String> busy, List<String> idle, Map<String, List<String>> sessions,
                         List<Act> acts) {

    public HarnessRun {
        busy = busy == null ? List.of() : List.copyOf(busy);
        idle = idle == null ? List.of() : List.copyOf(idle);
        sessions = sessions == null ? Map.of() : Map.copyOf(sessions);
        acts = acts == null ? List.of() : List.copyOf(acts);
    }

    HarnessRun attempt(boolean nowReady) {
        return new HarnessRun(execution, scenario, cluster, service, desiredBefore, tasks, attempts + 1, nowReady, busy, idle,
                sessions, acts);
    }

    HarnessRun prepared(List<String> busyTasks, List<String> idleTasks, Map<String, List<String>> synthetic, List<Act> planned) {
        return new HarnessRun(execution, scenario, cluster, service, desiredBefore, tasks, 0, ready, busyTasks, idleTasks,
                synthetic, planned);
    }

    /** The tasks the test reports for: every task it prepared. */
    List<String> reported() {
        List<String> all = new java.util.ArrayList<>(busy);
        all.addAll(idle);
        return all;
    }

    /**
     * One scale execution the test starts, and what must be true after it.
     *
     * @param executionName the scale execution's name: the test's own with the act's number
     * @param payload       the scale event, as {@code run-workflow} and the analyzer send it
     */
    public record Act(int index, String description, String executionName, JsonNode payload, Expect expect) {
    }

    /** What an act expects; null or empty parts are not checked. */
    public record Expect(Integer desiredCount, List<String> stopped, Integer stoppedCount, List<String> running,
                         List<String> inService, List<String> outOfService) {
    }

    /** One check of the verdict: what was checked, whether it held, and the evidence. */
    public record Check(String check, boolean ok, String detail) {
    }
}
