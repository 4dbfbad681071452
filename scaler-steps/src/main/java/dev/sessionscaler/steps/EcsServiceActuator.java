package dev.sessionscaler.steps;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.port.ServiceActuator;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ProtectedTask;
import software.amazon.awssdk.services.ecs.model.UpdateTaskProtectionResponse;

/** UpdateService and UpdateTaskProtection for the workflow (invariant 2). */
public final class EcsServiceActuator implements ServiceActuator {
    private final EcsClient ecs;

    public EcsServiceActuator(EcsClient ecs) {
        this.ecs = ecs;
    }

    @Override
    public void setDesiredCount(ServiceRef service, int desiredCount) {
        try {
            ecs.updateService(r -> r.cluster(service.cluster()).service(service.service()).desiredCount(desiredCount));
        } catch (SdkException e) {
            throw AwsErrors.translate("UpdateService", e);
        }
    }

    @Override
    public Map<String, Instant> protect(ServiceRef service, List<String> taskArns, int minutes) {
        Map<String, Instant> expiries = new HashMap<>();
        for (ProtectedTask task : update(service, taskArns, true, minutes).protectedTasks()) {
            if (Boolean.TRUE.equals(task.protectionEnabled()) && task.expirationDate() != null) {
                expiries.put(task.taskArn(), task.expirationDate());
            }
        }
        return expiries;
    }

    @Override
    public void unprotect(ServiceRef service, List<String> taskArns) {
        update(service, taskArns, false, null);
    }

    private UpdateTaskProtectionResponse update(ServiceRef service, List<String> taskArns, boolean enabled, Integer minutes) {
        if (taskArns.isEmpty()) {
            return UpdateTaskProtectionResponse.builder().build();
        }
        if (taskArns.size() > 10) {
            throw new IllegalArgumentException("UpdateTaskProtection takes at most 10 tasks, got " + taskArns.size());
        }
        UpdateTaskProtectionResponse response;
        try {
            response = ecs.updateTaskProtection(r -> r.cluster(service.cluster()).tasks(taskArns).protectionEnabled(enabled)
                    .expiresInMinutes(minutes));
        } catch (SdkException e) {
            throw AwsErrors.translate("UpdateTaskProtection", e);
        }
        // A task that stopped meanwhile needs no protection; any other failure leaves a task unprotected,
        // so the stop must not go ahead.
        List<Failure> real = response.failures().stream().filter(f -> !"MISSING".equals(f.reason())).toList();
        if (enabled && !real.isEmpty()) {
            throw new IllegalStateException("UpdateTaskProtection failed for " + real);
        }
        return response;
    }
}
