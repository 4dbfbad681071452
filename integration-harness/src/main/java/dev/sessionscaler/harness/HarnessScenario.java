package dev.sessionscaler.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.policy.Needs;
import dev.sessionscaler.harness.HarnessRun.Act;
import dev.sessionscaler.harness.HarnessRun.Expect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The integration test's scenarios: how many tasks the service is prepared with, how many the test marks busy (one
 * synthetic session each), and the scale executions it then starts with what each must leave behind. Task counts follow
 * the service's own {@code minTasks} and {@code maxTasks}, so every scenario runs within the configured bounds.
 */
public enum HarnessScenario {
    SCALE_OUT("scale-out", "scale out by one task within maxTasks; no task stopped", 0) {
        @Override
        int tasks(ScalerConfig config) {
            return Math.max(config.minTasks(), 1);
        }

        @Override
        String precondition(ScalerConfig config) {
            return tasks(config) + 1 > config.maxTasks() ? "maxTasks (" + config.maxTasks() + ") leaves no room to scale out" : null;
        }

        @Override
        List<Act> acts(String execution, Prepared p) {
            return List.of(act(execution, 0, "scale out to " + (p.tasks() + 1), scaleOut(p, p.tasks() + 1),
                    new Expect(p.tasks() + 1, List.of(), 0, p.all(), null, null)));
        }
    },
    SCALE_IN_IDLE_BESIDE_BUSY("scale-in-idle-beside-busy",
            "scale in naming an idle and a busy task: only the idle one is stopped, the busy one keeps its session", 1) {
        @Override
        int tasks(ScalerConfig config) {
            // one more than the busy session needs, so the idle task is surplus
            return Math.max(2, Math.max(config.minTasks(), needed(config, 1)) + 1);
        }

        @Override
        List<Act> acts(String execution, Prepared p) {
            String idle = p.idle().get(0);
            String busy = p.busy().get(0);
            return List.of(act(execution, 0, "scale in naming " + shortId(idle) + " (idle) and " + shortId(busy) + " (busy)",
                    taskAction(p, "scale-in", List.of(idle, busy)),
                    new Expect(p.tasks() - 1, List.of(idle), 1, List.of(busy), null, null)));
        }
    },
    SCALE_IN_TO_MIN("scale-in-to-min", "scale in naming every task: the service stops at minTasks", 0) {
        @Override
        int tasks(ScalerConfig config) {
            return floor(config) + 1;
        }

        @Override
        List<Act> acts(String execution, Prepared p) {
            int expected = floor(p.config());
            List<String> named = p.all().subList(0, Math.min(p.tasks(), ScalerConfig.MAX_TASKS_STOPPED_AT_ONCE));
            return List.of(act(execution, 0, "scale in naming all " + p.tasks() + " tasks (minTasks " + p.config().minTasks()
                    + ", idle buffer " + p.config().bufferIdleSlots() + " slots: " + expected + " stay)",
                    taskAction(p, "scale-in", named), new Expect(expected, null, p.tasks() - expected, null, null, null)));
        }

        /** Where scale-in stops with no sessions: minTasks, or the tasks the idle buffer needs if more. */
        private static int floor(ScalerConfig config) {
            return Math.max(config.minTasks(), needed(config, 0));
        }
    },
    CORDON_THEN_READMIT("cordon-then-readmit",
            "cordon a busy task (out of the load balancer, still running with its session), then readmit it", 1) {
        @Override
        int tasks(ScalerConfig config) {
            // the tasks left in service must meet minTasks and the buffer without the cordoned one (invariant 9)
            return Math.max(2, Math.max(config.minTasks(), needed(config, 0)) + 1);
        }

        @Override
        List<Act> acts(String execution, Prepared p) {
            String busy = p.busy().get(0);
            return List.of(
                    act(execution, 0, "cordon " + shortId(busy) + " (busy)", taskAction(p, "cordon", List.of(busy)),
                            new Expect(p.tasks(), List.of(), 0, p.all(), null, List.of(busy))),
                    act(execution, 1, "readmit " + shortId(busy), taskAction(p, "readmit", List.of(busy)),
                            new Expect(p.tasks(), List.of(), 0, p.all(), p.all(), null)));
        }
    };

    /** What the acts are planned from: the service's bounds and the tasks prepared, busy and idle (each sorted). */
    record Prepared(String cluster, String service, ScalerConfig config, List<String> busy, List<String> idle) {
        int tasks() {
            return busy.size() + idle.size();
        }

        List<String> all() {
            List<String> all = new ArrayList<>(busy);
            all.addAll(idle);
            return all;
        }
    }

    private final String id;
    private final String description;
    private final int busyTasks;

    HarnessScenario(String id, String description, int busyTasks) {
        this.id = id;
        this.description = description;
        this.busyTasks = busyTasks;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    int busyTasks() {
        return busyTasks;
    }

    /** How many tasks the service runs for this scenario. */
    abstract int tasks(ScalerConfig config);

    /** Null if the service's configuration allows the scenario, else why not. */
    String precondition(ScalerConfig config) {
        return tasks(config) > config.maxTasks() ? "needs " + tasks(config) + " tasks, above maxTasks (" + config.maxTasks() + ")" : null;
    }

    abstract List<Act> acts(String execution, Prepared prepared);

    /** The scenario named {@code id}; the error lists the names there are. */
    public static HarnessScenario named(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no scenario \"" + id + "\"; there are: " + String.join(", ", ids())));
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(HarnessScenario::id).toList();
    }

    /** The tasks in service that {@code sessions} need: the session target and the idle buffer ({@link Needs}). */
    static int needed(ScalerConfig config, int sessions) {
        int slots = config.sessionsPerTask();
        return Math.max((int) Math.ceil(sessions / (slots * config.targetSessionUtilization()) - 1e-9),
                (int) Math.ceil((double) (sessions + Needs.bufferSlots(config)) / slots - 1e-9));
    }

    private static Act act(String execution, int index, String description, JsonNode payload, Expect expect) {
        // Step Functions allows 80 characters in an execution name
        String suffix = "-act" + (index + 1);
        String base = execution.length() + suffix.length() > 80 ? execution.substring(0, 80 - suffix.length()) : execution;
        return new Act(index, description, base + suffix, payload, expect);
    }

    private static ObjectNode base(Prepared p, String action) {
        return Json.MAPPER.createObjectNode().put("action", action).put("cluster", p.cluster()).put("service", p.service())
                .put("reason", "integration test");
    }

    private static JsonNode scaleOut(Prepared p, int desired) {
        return base(p, "scale-out").put("desiredCount", desired);
    }

    private static JsonNode taskAction(Prepared p, String action, List<String> tasks) {
        ObjectNode payload = base(p, action);
        tasks.forEach(payload.putArray("tasks")::add);
        return payload;
    }

    static String shortId(String taskArn) {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }
}
