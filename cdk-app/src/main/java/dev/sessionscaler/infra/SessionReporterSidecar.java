package dev.sessionscaler.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.TaskDefinition;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * For a team's own CDK app: adds the connection-counting sidecar (session-reporter's runnable jar, in an image built
 * from {@code examples/sidecar/Dockerfile}) to a task definition, and lets the task role send to the session-events
 * queue. The queue's own policy admits only the deployment's {@code reportingRoleArns}: add this task role there.
 */
public final class SessionReporterSidecar {
    /** The container's name in the task definition. */
    public static final String CONTAINER_NAME = "session-sidecar";

    private SessionReporterSidecar() {
    }

    /**
     * @param ports            the ports the application accepts sessions on
     * @param minAgeSeconds    a connection counts once it has lasted this long
     * @param service          the ECS service's name (Fargate's task metadata has none)
     */
    public record Options(ContainerImage image, IQueue queue, List<Integer> ports, int minAgeSeconds, String service) {
        public Options {
            if (ports == null || ports.isEmpty()) {
                throw new IllegalArgumentException("SessionReporterSidecar: give at least one port the application accepts sessions on");
            }
            ports.forEach(p -> {
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("SessionReporterSidecar: ports must be between 1 and 65535, got " + p);
                }
            });
        }
    }

    /** Adds the sidecar (not essential: the task runs on without it, and then counts as busy) and the send grant. */
    public static ContainerDefinition addTo(TaskDefinition task, Options options) {
        List<String> command = new ArrayList<>();
        options.ports().forEach(p -> {
            command.add("--port");
            command.add(Integer.toString(p));
        });
        command.add("--min-age-seconds");
        command.add(Integer.toString(options.minAgeSeconds()));
        if (options.service() != null) {
            command.add("--service");
            command.add(options.service());
        }
        ContainerDefinition container = task.addContainer(CONTAINER_NAME, ContainerDefinitionOptions.builder()
                .image(options.image())
                .essential(false)
                .command(command)
                .environment(Map.of("SESSION_SCALER_QUEUE_URL", options.queue().getQueueUrl()))
                .memoryReservationMiB(64)
                .readonlyRootFilesystem(true)
                .logging(LogDriver.awsLogs(software.amazon.awscdk.services.ecs.AwsLogDriverProps.builder().streamPrefix("session-sidecar").build()))
                .build());
        options.queue().grantSendMessages(task.getTaskRole());
        return container;
    }
}
