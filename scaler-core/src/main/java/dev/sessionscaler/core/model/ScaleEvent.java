package dev.sessionscaler.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload that starts the scale workflow; also the manual-execution contract (README):
 * {@code {"action":"scale-out","cluster":…,"service":…,"desiredCount":N,"reason":…}},
 * {@code {"action":"scale-in","cluster":…,"service":…,"tasks":["arn…"],"reason":…}} or
 * {@code {"action":"recover","cluster":…,"service":…,"reason":…}}.
 */
public sealed interface ScaleEvent permits ScaleEvent.ScaleOut, ScaleEvent.ScaleIn, ScaleEvent.Recover {
    String cluster();

    String service();

    String reason();

    /** The execution input, exactly as documented for manual executions. */
    Map<String, Object> payload();

    record ScaleOut(String cluster, String service, int desiredCount, String reason) implements ScaleEvent {
        @Override
        public Map<String, Object> payload() {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("action", "scale-out");
            payload.put("cluster", cluster);
            payload.put("service", service);
            payload.put("desiredCount", desiredCount);
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
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("action", "scale-in");
            payload.put("cluster", cluster);
            payload.put("service", service);
            payload.put("tasks", tasks);
            payload.put("reason", reason);
            return payload;
        }
    }

    /** Completes or undoes whatever executions that are no longer running left behind (invariant 10). */
    record Recover(String cluster, String service, String reason) implements ScaleEvent {
        @Override
        public Map<String, Object> payload() {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("action", "recover");
            payload.put("cluster", cluster);
            payload.put("service", service);
            payload.put("reason", reason);
            return payload;
        }
    }
}
