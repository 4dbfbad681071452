package dev.sessionscaler.core.model;

import java.util.Objects;

/** Names one ECS service: the unit Session Scaler decides for. */
public record ServiceRef(String cluster, String service) {
    public ServiceRef {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(service, "service");
    }

    /** A stable key for stores and execution names, e.g. {@code demo/rdp}. */
    public String key() {
        return cluster + "/" + service;
    }
}
