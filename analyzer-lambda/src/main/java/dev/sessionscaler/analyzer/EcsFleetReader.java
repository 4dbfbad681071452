package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.model.EcsTask;
import dev.sessionscaler.core.model.ServiceFleet;
import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.ServiceState;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.port.FleetReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AvailabilityZoneRebalancing;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.ProtectedTask;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Reads a service from ECS: DescribeServices once, ListTasks page by page, DescribeTasks in pages of
 * 100 (the API's limit), so N tasks cost ceil(N/100) DescribeTasks calls. A task that stops between
 * ListTasks and DescribeTasks comes back as a failure and is left out: it is gone.
 */
public final class EcsFleetReader implements FleetReader {
    static final int DESCRIBE_PAGE = 100;
    static final int PROTECTION_PAGE = 10;

    private final EcsClient ecs;
    private final Clock clock;

    public EcsFleetReader(EcsClient ecs, Clock clock) {
        this.ecs = ecs;
        this.clock = clock;
    }

    @Override
    public ServiceFleet read(ServiceRef ref) {
        var described = ecs.describeServices(r -> r.cluster(ref.cluster()).services(ref.service()));
        // a deleted service is still described for a while, INACTIVE (DRAINING while it is deleted): it is not there to scale
        Service service = described.services().stream().filter(s -> !isGone(s)).findFirst()
                .orElseThrow(() -> new IllegalStateException("ECS service " + ref.key() + " not found: " + described.failures()
                        + described.services().stream().map(s -> " status " + s.status()).collect(Collectors.joining())));
        boolean deploying = service.deployments().size() > 1 || service.deployments().stream()
                .anyMatch(d -> d.rolloutState() == DeploymentRolloutState.IN_PROGRESS);
        boolean rebalancing = service.availabilityZoneRebalancing() == AvailabilityZoneRebalancing.ENABLED;
        ServiceState state = new ServiceState(ref.cluster(), ref.service(), service.desiredCount(), deploying, rebalancing);

        List<String> arns = new ArrayList<>();
        ecs.listTasksPaginator(r -> r.cluster(ref.cluster()).serviceName(ref.service()).desiredStatus(DesiredStatus.RUNNING))
                .taskArns().forEach(arns::add);
        List<EcsTask> tasks = new ArrayList<>(arns.size());
        for (int from = 0; from < arns.size(); from += DESCRIBE_PAGE) {
            List<String> page = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_PAGE));
            ecs.describeTasks(r -> r.cluster(ref.cluster()).tasks(page)).tasks().forEach(t -> tasks.add(toEcsTask(t)));
        }
        return new ServiceFleet(state, tasks);
    }

    /** Deleted (INACTIVE) or being deleted (DRAINING); ECS's other service status is ACTIVE. */
    static boolean isGone(Service service) {
        return "INACTIVE".equals(service.status()) || "DRAINING".equals(service.status());
    }

    /**
     * GetTaskProtection takes 10 tasks a call, so callers ask only about the tasks they need. A protection without an
     * expiry is reported as lasting for ever.
     */
    @Override
    public Map<String, Instant> protection(ServiceRef ref, Collection<String> taskArns) {
        List<String> arns = List.copyOf(taskArns);
        Map<String, Instant> result = new HashMap<>();
        for (int from = 0; from < arns.size(); from += PROTECTION_PAGE) {
            List<String> page = arns.subList(from, Math.min(arns.size(), from + PROTECTION_PAGE));
            for (ProtectedTask task : ecs.getTaskProtection(r -> r.cluster(ref.cluster()).tasks(page)).protectedTasks()) {
                Instant expiry = task.expirationDate() == null ? Instant.MAX : task.expirationDate();
                if (Boolean.TRUE.equals(task.protectionEnabled()) && expiry.isAfter(clock.instant())) {
                    result.put(task.taskArn(), expiry);
                }
            }
        }
        return result;
    }

    static EcsTask toEcsTask(Task task) {
        return new EcsTask(task.taskArn(), task.availabilityZone(), task.startedAt(), lifecycle(task.lastStatus()),
                // UNKNOWN means the task has no container health check; only a failing check makes it unhealthy
                task.healthStatus() != HealthStatus.UNHEALTHY, false, eniAddress(task));
    }

    /** The private IPv4 address of the task's elastic network interface (awsvpc network mode). */
    static String eniAddress(Task task) {
        return task.attachments().stream()
                .filter(a -> "ElasticNetworkInterface".equals(a.type()))
                .flatMap(a -> a.details().stream())
                .filter(d -> "privateIPv4Address".equals(d.name()))
                .map(d -> d.value())
                .findFirst().orElse(null);
    }

    /** An ECS status this code does not know is treated as leaving: never counted, never a victim. */
    static TaskLifecycle lifecycle(String lastStatus) {
        try {
            return lastStatus == null ? TaskLifecycle.PROVISIONING : TaskLifecycle.valueOf(lastStatus);
        } catch (IllegalArgumentException e) {
            return TaskLifecycle.STOPPED;
        }
    }
}
