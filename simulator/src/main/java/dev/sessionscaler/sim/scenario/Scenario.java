package dev.sessionscaler.sim.scenario;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.config.ScalerConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A what-if scenario (README, "Scenario files"): the service, the traffic, and optionally the scaler's
 * configuration. Validation errors name the field.
 *
 * @param scaler the session-aware policy's configuration; defaults from the service's bounds and capacity
 */
public record Scenario(String name, String description, long seed, int durationMinutes, ServiceModel service,
                       List<RatePoint> arrivals, SessionLength sessionMinutes, ScalerConfig scaler, RecordedTrace recorded,
                       Instant generatedStart) {
    private static final Set<String> FIELDS = Set.of("name", "description", "seed", "durationMinutes", "service", "arrivals",
            "sessionMinutes", "trace", "scaler", "startsAt");
    /** A week at most: enough for a recorded week or a schedule's weekdays. */
    public static final int MAX_MINUTES = 14 * 24 * 60;
    /** Where virtual time starts for generated traffic: a Monday, so every timestamp in a run is reproducible. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");

    /**
     * The simulated ECS service and what one session costs it.
     *
     * @param targetGroup              the load balancer kind, deregistration delay and (NLB) connection termination
     * @param deregistrationLagSeconds how long after a deregistration the load balancer may still send the target new
     *                                 sessions (AWS documents no bound; up to about two minutes is reported)
     * @param taskSize                 the Fargate size and architecture the tasks' cost is priced at
     * @param tasksReportUsage         the tasks' heartbeats carry their CPU and memory, so the analyzer reads no CloudWatch
     */
    public record ServiceModel(int minTasks, int maxTasks, int initialTasks, int sessionsPerTask, int taskStartSeconds,
                               int healthCheckSeconds, TargetGroupFacts targetGroup, int deregistrationLagSeconds,
                               double baseCpuPercent, double cpuPerSessionPercent, List<String> availabilityZones,
                               TaskSize taskSize, boolean tasksReportUsage) {
        public ServiceModel {
            availabilityZones = List.copyOf(availabilityZones);
        }

        public ServiceModel(int minTasks, int maxTasks, int initialTasks, int sessionsPerTask, int taskStartSeconds,
                            int healthCheckSeconds, TargetGroupFacts targetGroup, int deregistrationLagSeconds,
                            double baseCpuPercent, double cpuPerSessionPercent, List<String> availabilityZones, TaskSize taskSize) {
            this(minTasks, maxTasks, initialTasks, sessionsPerTask, taskStartSeconds, healthCheckSeconds, targetGroup,
                    deregistrationLagSeconds, baseCpuPercent, cpuPerSessionPercent, availabilityZones, taskSize, false);
        }

        public int deregistrationDelaySeconds() {
            return targetGroup.deregistrationDelaySeconds();
        }
    }

    /** The lag a scenario gets when it names none: between what is usual (seconds) and the reported worst case. */
    public static final int DEFAULT_DEREGISTRATION_LAG_SECONDS = 60;
    /** The longest lag a scenario may model. */
    public static final int MAX_DEREGISTRATION_LAG_SECONDS = 300;

    /** New sessions per minute at a minute of the scenario; the rate is interpolated linearly in between. */
    public record RatePoint(int atMinute, double sessionsPerMinute) {
    }

    /** Session length: log-normal with this median and 95th percentile, in minutes. */
    public record SessionLength(double median, double p95) {
    }

    /** A scenario whose {@code trace}, if any, is a path relative to the working directory. */
    public static Scenario fromJson(JsonInput json) {
        return fromJson(json, Path.of(""));
    }

    /** A scenario read from a file in {@code directory}: its {@code trace} is a path relative to that directory. */
    public static Scenario fromJson(JsonInput json, Path directory) {
        json.rejectUnknownFields(FIELDS);
        Instant start = json.optionalInstant("startsAt");
        if (start != null && json.has("trace")) {
            throw new InvalidInputException("startsAt", "a recorded trace starts at its first session; give startsAt only with"
                    + " generated traffic (arrivals)");
        }
        if (start != null && start.getEpochSecond() % 60 != 0) {
            throw new InvalidInputException("startsAt", "must be on a whole minute (the analyzer runs every minute), got " + start);
        }
        String name = json.string("name");
        ServiceModel service = service(json.object("service"));
        RecordedTrace recorded = null;
        List<RatePoint> arrivals = List.of();
        SessionLength length = null;
        int duration;
        if (json.has("trace")) {
            for (String generated : List.of("arrivals", "sessionMinutes")) {
                if (json.has(generated)) {
                    throw new InvalidInputException(generated, "give either \"trace\" (recorded sessions) or \"arrivals\" and"
                            + " \"sessionMinutes\" (generated ones), not both");
                }
            }
            String file = json.string("trace");
            recorded = TraceFile.read(directory.resolve(file), file);
            duration = json.has("durationMinutes") ? duration(json.integer("durationMinutes")) : traceMinutes(recorded);
        } else {
            duration = duration(json.integer("durationMinutes"));
            arrivals = arrivals(json, duration);
            length = length(json.object("sessionMinutes"));
        }
        ScalerConfig scaler = json.optionalObject("scaler").map(ScalerConfig::fromJson)
                .orElse(ScalerConfig.builder(service.minTasks(), service.maxTasks(), service.sessionsPerTask()).build("scaler"));
        sameAsService("minTasks", scaler.minTasks(), service.minTasks());
        sameAsService("maxTasks", scaler.maxTasks(), service.maxTasks());
        sameAsService("sessionsPerTask", scaler.sessionsPerTask(), service.sessionsPerTask());
        return new Scenario(name, json.has("description") ? json.string("description") : "", seedOf(json), duration, service,
                arrivals, length, scaler, recorded, start);
    }

    /** This scenario's service and scaler with the sessions of {@code trace} (its whole span) instead of its own traffic. */
    public Scenario withTrace(RecordedTrace trace) {
        return new Scenario(name, "replay of " + trace.file() + " on " + name + "'s service", seed, traceMinutes(trace), service,
                List.of(), null, scaler, trace, null);
    }

    /** This scenario with another configuration for the session-aware policy (same service bounds and capacity). */
    public Scenario withScaler(ScalerConfig config) {
        sameAsService("minTasks", config.minTasks(), service.minTasks());
        sameAsService("maxTasks", config.maxTasks(), service.maxTasks());
        sameAsService("sessionsPerTask", config.sessionsPerTask(), service.sessionsPerTask());
        return new Scenario(name, description, seed, durationMinutes, service, arrivals, sessionMinutes, config, recorded,
                generatedStart);
    }

    /**
     * Where virtual time starts: the trace's first session, or for generated traffic {@code startsAt} (default
     * {@link #DEFAULT_START}, a Monday 00:00 UTC, so that schedules and weekdays apply).
     */
    public Instant startsAt() {
        return recorded != null ? recorded.start() : generatedStart != null ? generatedStart : DEFAULT_START;
    }

    private static int duration(int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new InvalidInputException("durationMinutes", "must be between 1 and " + MAX_MINUTES + " (14 days), got " + minutes);
        }
        return minutes;
    }

    private static int traceMinutes(RecordedTrace trace) {
        if (trace.spanMinutes() > MAX_MINUTES) {
            throw new InvalidInputException("trace", trace.file() + " spans " + trace.spanMinutes() + " minutes, more than the "
                    + MAX_MINUTES + " (14 days) a run may last; give \"durationMinutes\" in a scenario file to replay its first part");
        }
        return trace.spanMinutes();
    }

    /** Both policies must scale the same service: the same bounds and the same capacity per task. */
    private static void sameAsService(String field, int scaler, int service) {
        if (scaler != service) {
            throw new InvalidInputException("scaler." + field, "must equal service." + field + " (" + service
                    + ") so every policy scales the same service, got " + scaler);
        }
    }

    private static long seedOf(JsonInput json) {
        if (!json.node().path("seed").isIntegralNumber()) {
            throw new InvalidInputException("seed", "must be a whole number (the same seed gives the same run)");
        }
        return json.node().get("seed").asLong();
    }

    private static ServiceModel service(JsonInput s) {
        s.rejectUnknownFields(Set.of("minTasks", "maxTasks", "initialTasks", "sessionsPerTask", "taskStartSeconds",
                "healthCheckSeconds", "loadBalancer", "deregistrationDelaySeconds", "connectionTermination",
                "deregistrationLagSeconds", "baseCpuPercent", "cpuPerSessionPercent", "availabilityZones", "taskVcpu",
                "taskMemoryGiB", "architecture", "tasksReportUsage"));
        int min = atLeast(s, "minTasks", 0);
        int max = atLeast(s, "maxTasks", 1);
        if (min > max) {
            throw new InvalidInputException(s.at("minTasks"), "must not exceed maxTasks (" + min + " > " + max + ")");
        }
        int initial = atLeast(s, "initialTasks", 0);
        if (initial < min || initial > max) {
            throw new InvalidInputException(s.at("initialTasks"), "must be within [minTasks, maxTasks], got " + initial);
        }
        List<String> zones = s.strings("availabilityZones");
        if (zones.isEmpty()) {
            throw new InvalidInputException(s.at("availabilityZones"), "must name at least one zone");
        }
        TargetGroupFacts.LoadBalancerKind kind = s.has("loadBalancer") ? TargetGroupFacts.kindFrom(s, "loadBalancer")
                : TargetGroupFacts.LoadBalancerKind.ALB;
        TargetGroupFacts targetGroup = new TargetGroupFacts(kind, TargetGroupFacts.delayFrom(s, "deregistrationDelaySeconds"),
                TargetGroupFacts.terminationFrom(s, "connectionTermination", kind));
        int lag = s.integer("deregistrationLagSeconds", DEFAULT_DEREGISTRATION_LAG_SECONDS);
        if (lag < 0 || lag > MAX_DEREGISTRATION_LAG_SECONDS) {
            throw new InvalidInputException(s.at("deregistrationLagSeconds"), "must be between 0 and "
                    + MAX_DEREGISTRATION_LAG_SECONDS + " seconds, got " + lag);
        }
        return new ServiceModel(min, max, initial, atLeast(s, "sessionsPerTask", 1), atLeast(s, "taskStartSeconds", 0),
                atLeast(s, "healthCheckSeconds", 0), targetGroup, lag, percent(s, "baseCpuPercent"),
                percent(s, "cpuPerSessionPercent"), zones, TaskSize.from(s),
                s.bool("tasksReportUsage", false));
    }

    private static List<RatePoint> arrivals(JsonInput json, int duration) {
        List<RatePoint> points = new ArrayList<>();
        List<JsonInput> items = json.objects("arrivals");
        if (items.isEmpty()) {
            throw new InvalidInputException("arrivals", "must have at least one point");
        }
        int previous = -1;
        for (JsonInput item : items) {
            item.rejectUnknownFields(Set.of("atMinute", "sessionsPerMinute"));
            int at = item.integer("atMinute");
            if (at <= previous || at < 0 || at > duration) {
                throw new InvalidInputException(item.at("atMinute"), "must increase from one point to the next, within 0.."
                        + duration + ", got " + at);
            }
            double rate = item.number("sessionsPerMinute");
            if (rate < 0 || rate > 10_000) {
                throw new InvalidInputException(item.at("sessionsPerMinute"), "must be between 0 and 10000, got " + rate);
            }
            points.add(new RatePoint(at, rate));
            previous = at;
        }
        return List.copyOf(points);
    }

    private static SessionLength length(JsonInput s) {
        s.rejectUnknownFields(Set.of("median", "p95"));
        double median = s.number("median");
        double p95 = s.number("p95");
        if (median <= 0) {
            throw new InvalidInputException(s.at("median"), "must be more than 0 minutes, got " + median);
        }
        if (p95 <= median) {
            throw new InvalidInputException(s.at("p95"), "must be more than the median (" + p95 + " <= " + median + ")");
        }
        return new SessionLength(median, p95);
    }

    private static int atLeast(JsonInput json, String field, int min) {
        int value = json.integer(field);
        if (value < min) {
            throw new InvalidInputException(json.at(field), "must be at least " + min + ", got " + value);
        }
        return value;
    }

    private static double percent(JsonInput json, String field) {
        double value = json.number(field);
        if (value < 0 || value > 100) {
            throw new InvalidInputException(json.at(field), "must be a percentage from 0 to 100, got " + value);
        }
        return value;
    }
}
