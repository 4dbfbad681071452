package dev.sessionscaler.core.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** ECS task {@code lastStatus} values, in lifecycle order. */
public enum TaskLifecycle {
    PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED;

    /** Started but not yet serving: will add capacity soon. */
    public boolean isStarting() {
        return this == PROVISIONING || this == PENDING || this == ACTIVATING;
    }

    /** On its way out or gone: adds no capacity and holds no sessions we can keep. */
    public boolean isLeaving() {
        return ordinal() >= DEACTIVATING.ordinal();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
