package dev.sessionscaler.core.model;

import java.util.List;

/**
 * The payload that starts the scale workflow; also the manual-execution contract (README):
 * {@code {"action":"scale-out","cluster":…,"service":…,"desiredCount":N,"reason":…}} or
 * {@code {"action":"scale-in","cluster":…,"service":…,"tasks":["arn…"],"reason":…}}.
 */
public sealed interface ScaleEvent permits ScaleEvent.ScaleOut, ScaleEvent.ScaleIn {
    String cluster();

    String service();

    String reason();

    record ScaleOut(String cluster, String service, int desiredCount, String reason) implements ScaleEvent {
    }

    record ScaleIn(String cluster, String service, List<String> tasks, String reason) implements ScaleEvent {
        public ScaleIn {
            tasks = List.copyOf(tasks);
        }
    }
}
