package dev.sessionscaler.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.config.ScalerConfig;
import java.util.Set;

/**
 * What ECS says about the service itself.
 *
 * @param azRebalancing the service's {@code availabilityZoneRebalancing} is on: ECS then stops tasks in the fullest
 *                      zone to even the zones out, so a scale-in must never leave them more than one task apart
 */
public record ServiceState(String cluster, String service, int desiredCount, boolean deploymentInProgress,
                           boolean azRebalancing) {
    private static final Set<String> FIELDS = Set.of("cluster", "service", "desiredCount", "deploymentInProgress",
            "availabilityZoneRebalancing");

    public ServiceState(String cluster, String service, int desiredCount, boolean deploymentInProgress) {
        this(cluster, service, desiredCount, deploymentInProgress, false);
    }

    public static ServiceState fromJson(JsonInput json) {
        json.rejectUnknownFields(FIELDS);
        String cluster = Arns.requireName(json, "cluster");
        String service = Arns.requireName(json, "service");
        int desired = json.integer("desiredCount");
        if (desired < 0 || desired > ScalerConfig.ECS_MAX_TASKS_PER_SERVICE) {
            throw new InvalidInputException(json.at("desiredCount"), "must be between 0 and "
                    + ScalerConfig.ECS_MAX_TASKS_PER_SERVICE + " (ECS runs at most that many tasks per service), got " + desired);
        }
        return new ServiceState(cluster, service, desired, json.bool("deploymentInProgress", false),
                json.bool("availabilityZoneRebalancing", false));
    }

    @JsonIgnore
    public ServiceRef ref() {
        return new ServiceRef(cluster, service);
    }
}
