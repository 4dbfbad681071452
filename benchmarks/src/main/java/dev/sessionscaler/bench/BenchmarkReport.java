package dev.sessionscaler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** Writes BENCHMARKS.md from the JMH results, the DynamoDB Local throughput run, the jar sizes and the machine. */
public final class BenchmarkReport {
    private BenchmarkReport() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        JsonNode jmh = Json.MAPPER.readTree(Files.readString(Path.of(args[1])));
        JsonNode throughput = Json.MAPPER.readTree(Files.readString(Path.of(args[2])));
        JsonNode coldStarts = Json.MAPPER.readTree(Files.readString(Path.of(args[3])));
        JsonNode simulation = Json.MAPPER.readTree(Files.readString(Path.of(args[4])));
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Written by `bench/run` (do not edit by hand). Tests never gate on these figures.\n\n")
                .append("- Command: `bench/run`\n")
                .append("- Date: ").append(LocalDate.now()).append('\n')
                .append("- Machine: ").append(machine()).append('\n')
                .append("- JMH: 1 fork, 3 warm-up and 5 measured iterations of 1 s (few iterations on 2 cores: expect wide errors)\n\n");
        md.append("## Against the targets\n\n| what | target | measured | |\n|---|---|---|---|\n");
        double d500 = score(jmh, "DecisionBenchmark.decide", "500");
        double d5000 = score(jmh, "DecisionBenchmark.decide", "5000");
        double ingest = score(jmh, "IngestBenchmark.handleBatchOfTen", null);
        row(md, "decision, 500 tasks", "≤ 2 ms", ms(d500), d500 <= 2000);
        row(md, "decision, 5,000 tasks", "≤ 20 ms", ms(d5000), d5000 <= 20_000);
        row(md, "ingest, CPU only (handler + in-memory store)", "≥ 5,000 msg/s", String.format(Locale.ROOT, "%,.0f msg/s", ingest), ingest >= 5000);
        for (String module : new String[] {"metrics-ingest-lambda", "analyzer-lambda", "scaler-steps"}) {
            long bytes = Files.size(root.resolve(module).resolve("target").resolve(module + ".jar"));
            row(md, "function jar `" + module + ".jar`", "≤ 8 MB", String.format(Locale.ROOT, "%.1f MB", bytes / 1e6), bytes <= 8_000_000);
        }
        md.append("| DynamoDB write units per session event | ≤ 1 | 1 (heartbeat that changes no session), 4 (START/END, by design) | missed for START/END |\n");
        md.append("| analyzer calls per run, N tasks | ceil(N/100) DescribeTasks, 1 GetMetricData, 1 session query | asserted for 5,000 tasks in `AnalyzerCallCountTest` | met |\n");
        for (JsonNode cold : coldStarts) {
            double init = median(cold.get("runs"), "initMs");
            double invoke = median(cold.get("runs"), "firstInvokeMs");
            double classes = median(cold.get("runs"), "loadedClasses");
            row(md, "cold start, " + cold.get("function").asText() + " (init + first invocation)", "≤ 1.0 s",
                    String.format(Locale.ROOT, "%.0f + %.0f ms (JVM process %s ms)", init, invoke, cold.get("processMs").asText()),
                    init + invoke <= 1000);
            row(md, "cold start, " + cold.get("function").asText() + ", classes loaded", "≤ 4,500",
                    String.format(Locale.ROOT, "%,.0f", classes), classes <= 4500);
        }
        double simSeconds = simulation.get("wallSeconds").asDouble();
        row(md, "simulation, " + simulation.get("durationMinutes").asInt() / 60 + " h of `" + simulation.get("scenario").asText()
                + "` (`session-scaler simulate`, wall time)", "≤ 60 s", String.format(Locale.ROOT, "%.1f s", simSeconds), simSeconds <= 60);
        md.append('\n');
        md.append("## All JMH results\n\n| benchmark | params | score | error | unit |\n|---|---|---|---|---|\n");
        for (JsonNode result : jmh) {
            md.append("| `").append(result.get("benchmark").asText().replace("dev.sessionscaler.", "")).append("` | ")
                    .append(result.has("params") ? result.get("params").toString() : "").append(" | ")
                    .append(String.format(Locale.ROOT, "%,.2f", result.at("/primaryMetric/score").asDouble())).append(" | ± ")
                    .append(String.format(Locale.ROOT, "%,.2f", result.at("/primaryMetric/scoreError").asDouble())).append(" | ")
                    .append(result.at("/primaryMetric/scoreUnit").asText()).append(" |\n");
        }
        md.append("\n## Ingest into DynamoDB Local\n\n")
                .append(String.format(Locale.ROOT, "%,d messages through the real handler and `DynamoDbSessionStore` into embedded DynamoDB Local "
                                + "on one thread: %.2f s, **%,.0f messages/s**. DynamoDB Local is an emulator running on this machine, so "
                                + "this is our code plus the emulator, not a prediction for DynamoDB.\n",
                        throughput.get("messages").asInt(), throughput.get("seconds").asDouble(), throughput.get("messagesPerSecond").asDouble()));
        md.append("\n## Notes on the targets\n\n")
                .append("- **Write units.** Every START or END commits the session item and the task's count in one transaction, and "
                        + "transactional writes cost two units per item of up to 1 KB: 4 units; a heartbeat that changes no session "
                        + "(most of them) is one conditional update of the task aggregate: 1. The transaction is what keeps the count exact when SQS delivers the same "
                        + "event to two invocations at once (`duplicatesDeliveredConcurrentlyAreCountedOnce` counts phantoms without it). "
                        + "Reaching 1 unit would mean giving up the stored count (the analyzer would count session items, and its read "
                        + "cost would grow with sessions) or an unconditional counter that duplicates can skew.\n")
                .append("- **Jar sizes.** Each jar now carries only the SDK service modules its function calls (ingest: DynamoDB; "
                        + "analyzer: DynamoDB, ECS, CloudWatch, Step Functions; steps: DynamoDB, ECS, ELBv2), one HTTP client, Jackson and "
                        + "the SDK core; the steps jar lost the analyzer's CloudWatch and Step Functions clients and the SQS event classes "
                        + "(17.9 to 14.4 MB). The service modules are most of what is left (DynamoDB alone is about 2.5 MB compressed). "
                        + "`minimizeJar` is not used: the SDK loads interceptors and metadata by name, which it cannot see, and only the "
                        + "ingest and Prepare jars are exercised end to end by the cold-start proxy below.\n")
                .append("- **Cold start.** `ColdStartBench` starts each function's jar in a fresh JVM with `-XX:TieredStopAtLevel=1 "
                        + "-XX:ActiveProcessorCount=1`, builds the handler from its environment and serves one invocation against DynamoDB "
                        + "Local on loopback, the analyzer also against a stub of ECS, CloudWatch and Step Functions (`AwsStub`; its run "
                        + "decides and starts the workflow); median of 3. This machine runs Java 17 where Lambda runs Java 21, and SnapStart "
                        + "(on for the workflow functions) is not reproduced here, so these are proxies. Most of the time is SDK and "
                        + "Jackson initialisation; the analyzer builds four SDK clients (DynamoDB, ECS, CloudWatch, Step Functions), each "
                        + "with its own client, marshalling and model classes, against one for ingest. "
                        + "Not tried yet: building the clients lazily on first use, Lambda's tiered-compilation and class-data-sharing "
                        + "settings, SnapStart for the analyzer.\n")
                .append("- **Simulation.** `session-scaler simulate` runs the session-aware policy with its real parts, and nearly all of "
                        + "its time is the ingest path: every simulated session start and end, and a heartbeat a minute from every task "
                        + "(about 30,000 messages for the workday, most of them heartbeats), goes through ElasticMQ (a few milliseconds "
                        + "per call here, about 3 calls per 10 messages) and the real handler into DynamoDB Local (2 operations per "
                        + "heartbeat, 3 per start or end). Done so far: a heartbeat no longer queries every ended session of its task "
                        + "(a real cost on AWS too: 48 h of them), and costs a read and one update (workday: 125 s to 115 s); events are "
                        + "delivered every 30 virtual seconds instead of every 10 (`tag-bursts`: 108 s to 84 s); a drain ends on a short "
                        + "batch instead of an empty receive. Tried without gain: two concurrent ingest pollers (both cores are already "
                        + "busy with ElasticMQ's server and DynamoDB Local). What is left is emulator CPU per message; a minute would "
                        + "need fewer messages than a heartbeat a minute per task.\n");
        Files.writeString(root.resolve("BENCHMARKS.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static double score(JsonNode jmh, String benchmark, String tasks) {
        for (JsonNode result : jmh) {
            if (result.get("benchmark").asText().endsWith(benchmark)
                    && (tasks == null || tasks.equals(result.path("params").path("tasks").asText()))) {
                return result.at("/primaryMetric/score").asDouble();
            }
        }
        throw new IllegalStateException("no JMH result for " + benchmark + " " + (tasks == null ? "" : tasks));
    }

    private static double median(JsonNode runs, String field) {
        double[] values = new double[runs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = runs.get(i).get(field).asDouble();
        }
        java.util.Arrays.sort(values);
        return values[values.length / 2];
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.3f ms", micros / 1000);
    }

    private static void row(StringBuilder md, String what, String target, String measured, boolean met) {
        md.append("| ").append(what).append(" | ").append(target).append(" | ").append(measured).append(" | ")
                .append(met ? "met" : "missed").append(" |\n");
    }

    private static String machine() throws IOException {
        String cpu = Files.lines(Path.of("/proc/cpuinfo")).filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String memory = Files.lines(Path.of("/proc/meminfo")).filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("?");
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + " RAM, Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name");
    }
}
