package dev.sessionscaler.reporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The task's own CPU and memory use for its heartbeats, from the ECS task metadata endpoint v4: {@code /task/stats}
 * (every container's CPU time and memory) against {@code /task}'s limits, each as a percentage of what the task
 * reserves, the measure of the {@code AWS/ECS} service metrics. CPU is averaged from one sample to the next (a
 * heartbeat's minute); the first uses the endpoint's own previous reading. Memory is what the containers use less
 * their file cache. Any failure gives no figures (the analyzer then reads CloudWatch), logged once.
 */
public final class TaskUsageSampler {
    private static final System.Logger LOG = System.getLogger(TaskUsageSampler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024.0 * 1024.0;

    /** Percent of the task's reservation. */
    public record Usage(double cpuPercent, double memoryPercent) {
    }

    /** What the task reserves: vCPUs and MiB. */
    record Limits(double vcpu, double memoryMiB) {
    }

    /** The task's total CPU time (ns) at a reading, and the containers it sums. */
    record CpuReading(long totalNanos, Instant at, Set<String> containers) {
        CpuReading(long totalNanos, Instant at) {
            this(totalNanos, at, Set.of());
        }

        /** The same containers and no counter gone back: the two readings can be subtracted. */
        boolean comparableWith(CpuReading later) {
            return containers.equals(later.containers) && totalNanos <= later.totalNanos;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final URI taskUri;
    private final URI statsUri;
    private Limits limits;
    private CpuReading previous;
    private boolean warned;

    TaskUsageSampler(String metadataEndpoint) {
        String base = metadataEndpoint.endsWith("/") ? metadataEndpoint : metadataEndpoint + "/";
        taskUri = URI.create(base + "task");
        statsUri = URI.create(base + "task/stats");
    }

    /** A sampler for the task this runs in; fails if there is no task metadata endpoint. */
    public static TaskUsageSampler fromEnvironment(Map<String, String> env) {
        String endpoint = env.get(TaskIdentity.METADATA_VARIABLE);
        if (endpoint == null || endpoint.isBlank()) {
            throw new ReporterConfigException("reporting usage needs the ECS task metadata endpoint ("
                    + TaskIdentity.METADATA_VARIABLE + " is not set): it only works inside an ECS task");
        }
        return new TaskUsageSampler(endpoint.trim());
    }

    /** The task's use now, averaged since the last sample; empty if it cannot be told. */
    public synchronized Optional<Usage> sample() {
        try {
            if (limits == null) {
                limits = limitsOf(get(taskUri));
            }
            JsonNode stats = get(statsUri);
            Optional<Usage> usage = usage(stats, limits, previous);
            previous = reading(stats).orElse(null);
            return usage;
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                LOG.log(System.Logger.Level.WARNING, "session reporter: heartbeats go without usage (the analyzer reads CloudWatch): " + e.getMessage());
                warned = true;
            }
            return Optional.empty();
        }
    }

    private JsonNode get(URI uri) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** The task-level limits (Fargate, or a task definition with task CPU and memory); else the containers' sum. */
    static Limits limitsOf(JsonNode task) {
        double vcpu = task.path("Limits").path("CPU").asDouble(0);
        double memory = task.path("Limits").path("Memory").asDouble(0);
        if (vcpu <= 0 || memory <= 0) {
            double units = 0;
            double mib = 0;
            for (JsonNode container : task.path("Containers")) {
                units += container.path("Limits").path("CPU").asDouble(0);
                mib += container.path("Limits").path("Memory").asDouble(0);
            }
            vcpu = vcpu > 0 ? vcpu : units / 1024;
            memory = memory > 0 ? memory : mib;
        }
        if (vcpu <= 0 || memory <= 0) {
            throw new IllegalStateException("the task metadata names no CPU or memory reservation, so no share of it can be told");
        }
        return new Limits(vcpu, memory);
    }

    /**
     * @param previous the last sample's reading, or null: then the endpoint's own previous reading ({@code precpu_stats})
     */
    static Optional<Usage> usage(JsonNode stats, Limits limits, CpuReading previous) {
        Optional<CpuReading> now = reading(stats);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        // a container that stopped or restarted since the last sample: the endpoint's own last second instead
        CpuReading before = previous != null && previous.comparableWith(now.get()) ? previous : earlierReading(stats);
        if (before == null || !before.at().isBefore(now.get().at())) {
            return Optional.empty();
        }
        double wallNanos = Duration.between(before.at(), now.get().at()).toNanos();
        double cpu = (now.get().totalNanos() - before.totalNanos()) / (wallNanos * limits.vcpu()) * 100;
        double used = 0;
        for (JsonNode container : containers(stats).values()) {
            JsonNode memory = container.path("memory_stats");
            JsonNode detail = memory.path("stats");
            long cache = detail.has("inactive_file") ? detail.path("inactive_file").asLong() : detail.path("cache").asLong(0);
            used += Math.max(0, memory.path("usage").asLong(0) - cache);
        }
        return Optional.of(new Usage(round(cpu), round(used / (limits.memoryMiB() * MIB) * 100)));
    }

    /** The containers' total CPU time at the newest of their reading times. */
    static Optional<CpuReading> reading(JsonNode stats) {
        return sum(stats, "cpu_stats", "read");
    }

    private static CpuReading earlierReading(JsonNode stats) {
        return sum(stats, "precpu_stats", "preread").orElse(null);
    }

    private static Optional<CpuReading> sum(JsonNode stats, String cpuField, String timeField) {
        long total = 0;
        Instant at = null;
        Set<String> ids = new TreeSet<>();
        for (Map.Entry<String, JsonNode> container : containers(stats).entrySet()) {
            Instant read = instant(container.getValue().path(timeField).asText(""));
            if (read == null || read.getEpochSecond() <= 0) {
                return Optional.empty();  // Docker's zero time: no such reading yet
            }
            total += container.getValue().path(cpuField).path("cpu_usage").path("total_usage").asLong(0);
            at = at == null || read.isAfter(at) ? read : at;
            ids.add(container.getKey());
        }
        return at == null ? Optional.empty() : Optional.of(new CpuReading(total, at, ids));
    }

    /** The running containers' stats by container id; a stopped container's entry is null. */
    private static Map<String, JsonNode> containers(JsonNode stats) {
        Map<String, JsonNode> containers = new TreeMap<>();
        stats.fields().forEachRemaining(container -> {
            if (container.getValue().isObject()) {
                containers.put(container.getKey(), container.getValue());
            }
        });
        return containers;
    }

    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static double round(double percent) {
        return Math.round(percent * 10) / 10.0;
    }
}
