package dev.sessionscaler.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload that starts the scale workflow; also the manual-execution contract (README):
 * <ul>
 *   <li>{@code {"action":"scale-out","cluster":…,"service":…,"desiredCount":N,"readmit":["arn…"],"reason":…}}
 *       (readmit optional: cordoned tasks put back into service first);</li>
 *   <li>{@code {"action":"scale-in","cluster":…,"service":…,"tasks":["arn…"],"reason":…}}: drain and stop idle tasks;</li>
 *   <li>{@code {"action":"cordon"|"readmit"|"retire","cluster":…,"service":…,"tasks":["arn…"],"reason":…}}:
 *       take tasks out of the load balancer, put cordoned ones back, or stop drained cordoned ones (section 5b);</li>
 *   <li>{@code {"action":"recover","cluster":…,"service":…,"reason":…}}: complete or undo what dead executions left.</li>
 * </ul>
 */
public sealed interface ScaleEvent permits ScaleEvent.ScaleOut, ScaleEvent.ScaleIn, ScaleEvent.TaskAction, ScaleEvent.Recover {
    String cluster();

    String service();

    String reason();

    /** The execution input, exactly as documented for manual executions. */
    Map<String, Object> payload();

    private static Map<String, Object> head(String action, String cluster, String service) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("action", action);
        payload.put("cluster", cluster);
        payload.put("service", service);
        return payload;
    }

    record ScaleOut(String cluster, String service, int desiredCount, List<String> readmit, String reason) implements ScaleEvent {
        public ScaleOut {
            readmit = List.copyOf(readmit);
        }

        public ScaleOut(String cluster, String service, int desiredCount, String reason) {
            this(cluster, service, desiredCount, List.of(), reason);
        }

        @Override
        public Map<String, Object> payload() {
            Map<String, Object> payload = head("scale-out", cluster, service);
            payload.put("desiredCount", desiredCount);
            if (!readmit.isEmpty()) {
                payload.put("readmit", readmit);
            }
            payload.put("reason", reason);
            return payload;
        }
    }

    record ScaleIn(String cluster, String service, List<String> tasks, String reason) implements ScaleEvent {
        public ScaleIn {
            tasks = List.copyOf(tasks);
        }

        @Override
        public Map<String, Object> payload() {
            Map<String, Object> payload = head("scale-in", cluster, service);
            payload.put("tasks", tasks);
            payload.put("reason", reason);
            return payload;
        }
    }

    /** A cordon, a readmission or a retirement of named tasks (section 5b). */
    record TaskAction(String action, String cluster, String service, List<String> tasks, String reason) implements ScaleEvent {
        public static final List<String> ACTIONS = List.of("cordon", "readmit", "retire");

        public TaskAction {
            if (!ACTIONS.contains(action)) {
                throw new IllegalArgumentException("not a task action: " + action);
            }
            tasks = List.copyOf(tasks);
        }

        @Override
        public Map<String, Object> payload() {
            Map<String, Object> payload = head(action, cluster, service);
            payload.put("tasks", tasks);
            payload.put("reason", reason);
            return payload;
        }
    }

    /** Completes or undoes whatever executions that are no longer running left behind (invariant 10). */
    record Recover(String cluster, String service, String reason) implements ScaleEvent {
        @Override
        public Map<String, Object> payload() {
            Map<String, Object> payload = head("recover", cluster, service);
            payload.put("reason", reason);
            return payload;
        }
    }
}
