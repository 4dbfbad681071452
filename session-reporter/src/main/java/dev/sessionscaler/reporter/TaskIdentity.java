package dev.sessionscaler.reporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which task the reports are about: its ARN, its cluster's and its service's names. Read from the ECS task metadata
 * endpoint v4 ({@code $ECS_CONTAINER_METADATA_URI_V4/task}); anything given explicitly wins.
 */
public record TaskIdentity(String taskArn, String cluster, String service) {
    /** The environment variable ECS sets in every container of a task (platform 1.4+ on Fargate, agent 1.39+ on EC2). */
    public static final String METADATA_VARIABLE = "ECS_CONTAINER_METADATA_URI_V4";

    private static final Pattern TASK_ARN = Pattern.compile("arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:task/([A-Za-z0-9_-]{1,255})/[A-Za-z0-9]{1,64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    public TaskIdentity {
        var arn = TASK_ARN.matcher(taskArn == null ? "" : taskArn);
        if (!arn.matches()) {
            throw new ReporterConfigException("task ARN: must be a long-format ECS task ARN "
                    + "(arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID), got \"" + taskArn + "\"");
        }
        requireName("cluster", cluster);
        requireName("service", service);
        if (!arn.group(1).equals(cluster)) {
            throw new ReporterConfigException("cluster: the task ARN names cluster \"" + arn.group(1) + "\", not \"" + cluster + "\"");
        }
    }

    private static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ReporterConfigException(what + ": must be an ECS name (1-255 letters, digits, - and _), got "
                    + (value == null ? "nothing" : "\"" + value + "\""));
        }
    }

    /**
     * The identity from explicit values where given, the rest from the task metadata endpoint named in {@code env}.
     * Outside ECS (no endpoint) every value must be given.
     */
    public static TaskIdentity resolve(String taskArn, String cluster, String service, Map<String, String> env) {
        if (taskArn != null && cluster != null && service != null) {
            return new TaskIdentity(taskArn, cluster, service);
        }
        String endpoint = env.get(METADATA_VARIABLE);
        if (endpoint == null || endpoint.isBlank()) {
            throw new ReporterConfigException("not running in an ECS task (" + METADATA_VARIABLE + " is not set): give the task ARN, "
                    + "cluster and service explicitly (" + missing(taskArn, cluster, service) + " missing)");
        }
        Metadata metadata = Metadata.read(URI.create(endpoint.endsWith("/") ? endpoint + "task" : endpoint + "/task"));
        String resolvedService = service != null ? service : metadata.service();
        if (resolvedService == null) {
            throw new ReporterConfigException("service: the task metadata has no ServiceName (ECS agent before 1.63.1, or Fargate): "
                    + "give the service name explicitly");
        }
        return new TaskIdentity(taskArn != null ? taskArn : metadata.taskArn(), cluster != null ? cluster : metadata.cluster(),
                resolvedService);
    }

    private static String missing(String taskArn, String cluster, String service) {
        StringBuilder s = new StringBuilder();
        if (taskArn == null) {
            s.append("task ARN");
        }
        if (cluster == null) {
            s.append(s.isEmpty() ? "" : ", ").append("cluster");
        }
        if (service == null) {
            s.append(s.isEmpty() ? "" : ", ").append("service");
        }
        return s.toString();
    }

    /** What the task metadata endpoint says about the task. */
    record Metadata(String taskArn, String cluster, String service) {
        static Metadata read(URI taskEndpoint) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(taskEndpoint).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new ReporterConfigException("task metadata: cannot read " + taskEndpoint + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReporterConfigException("task metadata: interrupted while reading " + taskEndpoint);
            }
            if (response.statusCode() != 200) {
                throw new ReporterConfigException("task metadata: " + taskEndpoint + " answered HTTP " + response.statusCode());
            }
            JsonNode task;
            try {
                task = new ObjectMapper().readTree(response.body());
            } catch (IOException e) {
                throw new ReporterConfigException("task metadata: " + taskEndpoint + " did not return JSON: " + e.getMessage());
            }
            String arn = task.path("TaskARN").asText(null);
            String cluster = task.path("Cluster").asText(null);
            if (arn == null || cluster == null) {
                throw new ReporterConfigException("task metadata: " + taskEndpoint + " has no " + (arn == null ? "TaskARN" : "Cluster"));
            }
            // Cluster is the cluster's ARN or its short name, depending on the platform
            String clusterName = cluster.contains(":cluster/") ? cluster.substring(cluster.indexOf(":cluster/") + 9) : cluster;
            String service = task.path("ServiceName").asText(null);
            return new Metadata(arn, clusterName, service == null || service.isBlank() ? null : service);
        }
    }
}
