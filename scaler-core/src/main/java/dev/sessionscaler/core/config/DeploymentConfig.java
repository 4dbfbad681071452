package dev.sessionscaler.core.config;

import dev.sessionscaler.core.drain.WorkflowTiming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The deployment's configuration, one JSON file passed as {@code cdk deploy -c config=path.json}
 * ({@code examples/deploy-config.json} is complete). Every error names the key.
 *
 * @param services         the ECS services to manage (the {@code SERVICES} format of the functions)
 * @param servicesJson     the same, as the JSON the functions receive in {@code SERVICES}
 * @param vpc              an existing VPC for the private API's endpoint; null creates a small isolated VPC
 * @param alarmEmail       where alarms are e-mailed; null for no subscription
 * @param drainConcurrency victims drained at once
 * @param leaseSeconds      how long a workflow holds a service's lease between renewals
 * @param reportingRoleArns the IAM roles allowed to report session events (the tasks' task roles)
 * @param requireSenderTask each event must come from the task it names (off for reporters that are not the tasks)
 * @param analyzer          how the analyzer fans out over the services and the request rates it may use
 */
public record DeploymentConfig(List<ManagedService> services, String servicesJson, VpcConfig vpc, String alarmEmail,
                               int drainConcurrency, int leaseSeconds, List<String> reportingRoleArns, boolean requireSenderTask,
                               AnalyzerScale analyzer) {
    private static final Set<String> FIELDS = Set.of("services", "vpc", "alarmEmail", "drainConcurrency", "leaseSeconds",
            "reportingRoleArns", "requireSenderTask", "analyzer");

    /**
     * The analyzer's fan-out (README, "One deployment, many services"): services decided at once, and its share of the
     * account's ECS and CloudWatch request rates (requests a second).
     */
    public record AnalyzerScale(int concurrency, int ecsReadsPerSecond, int metricReadsPerSecond) {
        public static final AnalyzerScale DEFAULTS = new AnalyzerScale(8, 15, 10);

        static AnalyzerScale fromJson(JsonInput json) {
            json.rejectUnknownFields(Set.of("concurrency", "ecsReadsPerSecond", "metricReadsPerSecond"));
            return new AnalyzerScale(between(json, "concurrency", DEFAULTS.concurrency, 1, 64),
                    between(json, "ecsReadsPerSecond", DEFAULTS.ecsReadsPerSecond, 1, 1000),
                    between(json, "metricReadsPerSecond", DEFAULTS.metricReadsPerSecond, 1, 1000));
        }

        private static int between(JsonInput json, String field, int fallback, int min, int max) {
            int value = json.integer(field, fallback);
            if (value < min || value > max) {
                throw new InvalidInputException(json.path().isEmpty() ? field : json.path() + "." + field,
                        "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }
    }

    /** The services marked {@code testService}, the only ones the integration-test harness may drive. */
    public List<ManagedService> testServices() {
        return services.stream().filter(ManagedService::testService).toList();
    }

    /** {@link #servicesJson} with only the test services: what the integration-test harness is given. */
    public String testServicesJson() {
        try {
            com.fasterxml.jackson.databind.node.ArrayNode all = (com.fasterxml.jackson.databind.node.ArrayNode) Json.MAPPER.readTree(servicesJson);
            com.fasterxml.jackson.databind.node.ArrayNode tests = Json.MAPPER.createArrayNode();
            all.forEach(service -> {
                if (service.path("testService").asBoolean(false)) {
                    tests.add(service);
                }
            });
            return Json.write(tests);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An existing VPC: the interface endpoint for the private API goes into its private subnets. */
    public record VpcConfig(String vpcId, List<String> availabilityZones, List<String> privateSubnetIds) {
    }

    public static DeploymentConfig fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("config", "no such file: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("config", "cannot read " + file + ": " + e.getMessage());
        }
        return fromJson(JsonInput.parseObject(text));
    }

    public static DeploymentConfig fromJson(JsonInput json) {
        json.rejectUnknownFields(FIELDS);
        List<ManagedService> services = ManagedService.listFromJson(json, "services");
        for (int i = 0; i < services.size(); i++) {
            if (services.get(i).targetGroupArn() == null) {
                throw new InvalidInputException("services[" + i + "].targetGroupArn", "is required: the workflow drains tasks from it");
            }
        }
        VpcConfig vpc = json.optionalObject("vpc").map(DeploymentConfig::vpc).orElse(null);
        String email = json.has("alarmEmail") ? json.string("alarmEmail") : null;
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new InvalidInputException("alarmEmail", "must be an e-mail address, got \"" + email + "\"");
        }
        int concurrency = json.integer("drainConcurrency", 2);
        if (concurrency < 1 || concurrency > 40) {
            throw new InvalidInputException("drainConcurrency", "must be between 1 and 40, got " + concurrency);
        }
        int maxDelay = services.stream().mapToInt(ManagedService::deregistrationDelaySeconds).max().orElse(0);
        int lease = json.integer("leaseSeconds", WorkflowTiming.defaultLeaseSeconds(maxDelay));
        if (lease < 300 || lease > WorkflowTiming.MAX_LEASE_SECONDS) {
            throw new InvalidInputException("leaseSeconds", "must be between 300 and " + WorkflowTiming.MAX_LEASE_SECONDS + ", got " + lease);
        }
        String leaseProblem = WorkflowTiming.leaseProblem(lease, maxDelay);
        if (leaseProblem != null) {
            throw new InvalidInputException("leaseSeconds", leaseProblem);
        }
        List<String> reporters = json.strings("reportingRoleArns");
        if (reporters.isEmpty()) {
            throw new InvalidInputException("reportingRoleArns", "must name at least one IAM role: the task roles of the services"
                    + " that report sessions, the only principals allowed to send session events");
        }
        for (int i = 0; i < reporters.size(); i++) {
            if (!reporters.get(i).matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+")) {
                throw new InvalidInputException("reportingRoleArns[" + i + "]", "must be an IAM role ARN like "
                        + "arn:aws:iam::123456789012:role/rdp-task-role, got \"" + reporters.get(i) + "\"");
            }
        }
        return new DeploymentConfig(services, json.node().get("services").toString(), vpc, email, concurrency, lease,
                List.copyOf(reporters), json.bool("requireSenderTask", true),
                json.optionalObject("analyzer").map(AnalyzerScale::fromJson).orElse(AnalyzerScale.DEFAULTS));
    }

    private static VpcConfig vpc(JsonInput json) {
        json.rejectUnknownFields(Set.of("vpcId", "availabilityZones", "privateSubnetIds"));
        String id = json.string("vpcId");
        if (!id.matches("vpc-[0-9a-f]{8,17}")) {
            throw new InvalidInputException(json.at("vpcId"), "must be a VPC id like vpc-0123456789abcdef0, got \"" + id + "\"");
        }
        List<String> zones = json.strings("availabilityZones");
        List<String> subnets = json.strings("privateSubnetIds");
        if (subnets.isEmpty() || subnets.size() != zones.size()) {
            throw new InvalidInputException(json.at("privateSubnetIds"), "must name one subnet per availability zone");
        }
        return new VpcConfig(id, zones, subnets);
    }
}
