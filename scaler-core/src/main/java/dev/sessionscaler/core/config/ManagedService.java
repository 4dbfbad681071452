package dev.sessionscaler.core.config;

import dev.sessionscaler.core.drain.DrainTiming;
import dev.sessionscaler.core.model.Arns;
import dev.sessionscaler.core.model.ServiceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One ECS service a deployment scales: its {@link ScalerConfig} and the load balancer target group the
 * workflow drains its tasks from. The same JSON shape is the analyzer's and the steps' {@code SERVICES}
 * and the deployment configuration's {@code services}.
 *
 * @param targetGroupArn             the target group the service's tasks are registered in by IP; null if not given
 * @param targetPort                 the port they are registered on
 * @param deregistrationDelaySeconds the target group's deregistration delay
 * @param testService                a service the integration-test harness may drive (its tasks report no sessions of
 *                                   their own; the harness reports for them): only such services may be tested
 */
public record ManagedService(ServiceRef ref, ScalerConfig config, String targetGroupArn, int targetPort,
                             int deregistrationDelaySeconds, boolean testService) {
    private static final Set<String> FIELDS = Set.of("cluster", "service", "config", "targetGroupArn", "targetPort",
            "deregistrationDelaySeconds", "testService");

    public ManagedService(ServiceRef ref, ScalerConfig config) {
        this(ref, config, null, 0, 300);
    }

    /** A service with users: never one the integration test may drive. */
    public ManagedService(ServiceRef ref, ScalerConfig config, String targetGroupArn, int targetPort, int deregistrationDelaySeconds) {
        this(ref, config, targetGroupArn, targetPort, deregistrationDelaySeconds, false);
    }

    /** Reads a non-empty array of services; errors name the item and field, e.g. {@code services[0].config.minTasks}. */
    public static List<ManagedService> listFromJson(JsonInput parent, String field) {
        List<ManagedService> services = new ArrayList<>();
        Set<ServiceRef> seen = new HashSet<>();
        for (JsonInput item : parent.objects(field)) {
            item.rejectUnknownFields(FIELDS);
            ServiceRef ref = new ServiceRef(Arns.requireName(item, "cluster"), Arns.requireName(item, "service"));
            if (!seen.add(ref)) {
                throw new InvalidInputException(item.path(), "names " + ref.key() + " a second time");
            }
            String targetGroup = item.has("targetGroupArn") ? item.string("targetGroupArn") : null;
            if (targetGroup != null && !targetGroup.matches("arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/.+")) {
                throw new InvalidInputException(item.at("targetGroupArn"), "must be a target group ARN, got \"" + targetGroup + "\"");
            }
            int port = item.integer("targetPort", 0);
            int delay = item.integer("deregistrationDelaySeconds", 300);
            if (targetGroup != null && (port < 1 || port > 65535)) {
                throw new InvalidInputException(item.at("targetPort"), "must be a port from 1 to 65535, got " + port);
            }
            if (delay < 0 || delay > DrainTiming.MAX_DEREGISTRATION_DELAY_SECONDS) {
                throw new InvalidInputException(item.at("deregistrationDelaySeconds"), "must be between 0 and "
                        + DrainTiming.MAX_DEREGISTRATION_DELAY_SECONDS + " (what a target group allows), got " + delay);
            }
            services.add(new ManagedService(ref, ScalerConfig.fromJson(item.object("config")), targetGroup, port, delay,
                    item.bool("testService", false)));
        }
        if (services.isEmpty()) {
            throw new InvalidInputException(field, "must name at least one service");
        }
        return List.copyOf(services);
    }
}
