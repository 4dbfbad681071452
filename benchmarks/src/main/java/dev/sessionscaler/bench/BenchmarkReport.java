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
        JsonNode simulationFast = Json.MAPPER.readTree(Files.readString(Path.of(args[5])));
        JsonNode tagDay = Json.MAPPER.readTree(Files.readString(Path.of(args[6])));
        JsonNode tagDayFast = Json.MAPPER.readTree(Files.readString(Path.of(args[7])));
        JsonNode week = Json.MAPPER.readTree(Files.readString(Path.of(args[8])));
        JsonNode fanOut = Json.MAPPER.readTree(Files.readString(Path.of(args[9])));
        JsonNode writeUnits = Json.MAPPER.readTree(Files.readString(Path.of(args[10])));
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
        md.append("| DynamoDB write units per session event | ≤ 1 | ").append(unitsSummary(writeUnits))
                .append(" (DynamoDB Local; see below) | ").append(unitsVerdict(writeUnits)).append(" |\n");
        fanOutRow(md, fanOut);
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
        simulationRow(md, simulation, "full fidelity", 60);
        simulationRow(md, simulationFast, "`--fast`", 15);
        eventsRow(md, tagDay, "full fidelity", 2000);
        eventsRow(md, tagDayFast, "`--fast`", 10_000);
        md.append(String.format(Locale.ROOT, "| simulation, a 7-day trace (%,d sessions; `simulate --trace week.csv --fast`, wall time) | none |"
                        + " %.1f s | |%n", week.at("/policies/0/sessionsStarted").asInt() + week.at("/policies/0/sessionsRejected").asInt(),
                week.get("wallSeconds").asDouble()));
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
        fanOutSection(md, fanOut);
        writeUnitsSection(md, writeUnits);
        md.append("\n## Notes on the targets\n\n")
                .append("- **Write units.** Every START or END commits the session item and the task's aggregate in one transaction "
                        + "(two units per KB of each item), and a heartbeat that lists exactly the task's active sessions is one "
                        + "conditional update of the aggregate. The aggregate does not name its sessions (a count and a digest of their "
                        + "ids, and only the sessions whose evidence is newer than the newest heartbeat: DESIGN.md section 7), so it "
                        + "stays about 330 bytes and no event's units grow with the task's sessions (table above). The rarer heartbeat "
                        + "whose list differs from the active set queries the task's session items, ended ones included, so its reads "
                        + "grow with them. The transaction is what keeps the count exact when SQS delivers the same event to two "
                        + "invocations at once (`duplicatesDeliveredConcurrentlyAreCountedOnce`). DynamoDB Local reports transactions "
                        + "at about twice DynamoDB's published rate, which the simulator's cost model follows: 2 × (1 + the "
                        + "aggregate's KB).\n")
                .append("- **Jar sizes.** Each jar carries only the SDK service modules its function calls (ingest: DynamoDB; "
                        + "analyzer: DynamoDB, ECS, CloudWatch, Step Functions; steps: DynamoDB, ECS, ELBv2), one HTTP client, Jackson and "
                        + "the SDK core, and is minimized (`minimizeJar`): classes nothing references are dropped, such as the unused "
                        + "Lambda event types and optional parts of Jackson and the SDK (ingest 10.0 to 8.4 MB, analyzer 15.3 to 13.5 MB, "
                        + "steps 14.4 to 12.8 MB). What is loaded only by name is kept by filters, and `FunctionJarsTest` checks each jar "
                        + "alone: the handlers load and every provider in `META-INF/services` is present; the cold-start proxy below "
                        + "runs the minimized jars. What remains is mostly the service modules: a client interface names every "
                        + "operation of its service, so minimizing keeps each service's whole model (DynamoDB alone is 2 MB compressed); "
                        + "8 MB would need fewer services per function than the steps and the analyzer call.\n")
                .append("- **Cold start.** `ColdStartBench` starts each function's jar in a fresh JVM with `-XX:TieredStopAtLevel=1 "
                        + "-XX:ActiveProcessorCount=1`, builds the handler from its environment and serves one invocation against DynamoDB "
                        + "Local on loopback, the analyzer also against a stub of ECS, CloudWatch and Step Functions (`AwsStub`; its run "
                        + "decides and starts the workflow); median of 3. This machine runs Java 17 where Lambda runs Java 21, and SnapStart "
                        + "(on for the ingest and workflow functions) is not reproduced here, so these are proxies. Most of the time is SDK "
                        + "and Jackson initialisation and the first request (endpoint rules, signing, marshalling); the analyzer builds "
                        + "four SDK clients, each with its own marshalling and model classes, against one for ingest. Tried: building "
                        + "the clients lazily behind a `java.lang.reflect.Proxy` of the client interface made the Prepare step worse "
                        + "(5,003 to 7,228 classes, about 300 ms more init), because generating the proxy loads every request and response "
                        + "class the interface names; it would also move client construction out of the SnapStart snapshot, so it was "
                        + "dropped. Also tried: compiling string concatenation inline (`-XDstringConcat=inline`) loads 20 to 70 fewer "
                        + "classes but no measurable time, so it was not kept; minimizing the jars changed neither. Read roughly from the class-load log "
                        + "(`-Xlog:class+load`, time between loads charged to the package loading), an ingest cold start spends about "
                        + "200 ms in the SDK's region metadata, 200 ms in Jackson, 150 ms in the SDK core, 110 ms in the DynamoDB client "
                        + "and 100 ms in TLS set-up, which the URLConnection client does when it is built and Lambda's HTTPS endpoints "
                        + "need anyway. SnapStart now covers ingest too (its "
                        + "scale-out is where cold starts happen). Not done: an AppCDS archive, which must match Lambda's own JVM build "
                        + "and so cannot be made here.\n")
                .append("- **Simulation, full fidelity.** `session-scaler simulate` runs the session-aware policy with its real "
                        + "parts, and nearly all of its time is the two emulators. Timing the workday's parts once (about 27,500 session "
                        + "events, most of them heartbeats): sending to ElasticMQ 11.1 s, draining it through the handler 53.6 s, of which "
                        + "32.3 s in the handler and DynamoDB Local and 21 s in ElasticMQ's receives and deletes, analyzer runs 9.3 s, "
                        + "the rest (workflow, the baselines, the report, starting DynamoDB Local: 2.7 s) about 11 s. Measured alone on "
                        + "this machine: an ElasticMQ call takes 3 to 4 ms (a batch of 10 sent, or received and deleted: 0.7 ms a "
                        + "message), a DynamoDB Local conditional update 0.4 ms, a two-item transaction 0.8 ms. The profile also showed "
                        + "aws-local-stepfunctions validating the definition on every execution, 140 ms each (16 s a day): the driver "
                        + "now validates each definition once. Done earlier: a heartbeat no longer queries every ended session of its "
                        + "task; an unchanged heartbeat is one conditional update with no read; events are delivered every 30 virtual "
                        + "seconds; a drain ends on a short batch; the Apache HTTP client for ElasticMQ. Tried without gain: two "
                        + "concurrent ingest pollers; JVM flags. A minute, and 2,000 session events a second, would need about a third "
                        + "of the emulators' cost per event: out of reach with ElasticMQ and DynamoDB Local on two cores, so the full "
                        + "run stays the reference and `--fast` is the tool for sweeps and long traces.\n")
                .append("- **Simulation, `--fast`.** The same handlers, analyzer and workflow, with the events handed straight to the "
                        + "ingest handler and the in-memory twins of the stores (no emulator to start or call). It gives the same "
                        + "outcome as the full run on the built-ins (`BuiltInScenariosSimulationTest`). The profile of its first version "
                        + "showed the in-memory session store scanning every ended session of a task on each heartbeat (now it keeps "
                        + "an index of the active ones, as the DynamoDB store's aggregate does) and 2.7 s of starting DynamoDB Local "
                        + "for the lease, ledger and history (now in memory too).\n");
        Files.writeString(root.resolve("BENCHMARKS.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static void simulationRow(StringBuilder md, JsonNode summary, String fidelity, double targetSeconds) {
        double seconds = summary.get("wallSeconds").asDouble();
        row(md, "simulation, " + summary.get("durationMinutes").asInt() / 60 + " h of `" + summary.get("scenario").asText()
                        + "`, " + fidelity + " (`session-scaler simulate`, wall time for all five policies)",
                String.format(Locale.ROOT, "≤ %.0f s", targetSeconds), String.format(Locale.ROOT, "%.1f s", seconds), seconds <= targetSeconds);
    }

    /** Session events of the session-aware policy over the whole run's wall time (the baselines' few seconds included). */
    private static void eventsRow(StringBuilder md, JsonNode summary, String fidelity, double target) {
        long events = summary.at("/policies/0/sessionEvents").asLong();
        double seconds = summary.get("wallSeconds").asDouble();
        double rate = events / seconds;
        row(md, String.format(Locale.ROOT, "session path, `%s` (%,d session events in %.1f s), %s", summary.get("scenario").asText(),
                events, seconds, fidelity), String.format(Locale.ROOT, "≥ %,.0f events/s", target),
                String.format(Locale.ROOT, "%,.0f events/s", rate), rate >= target);
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

    /** Heartbeat and START units at 1, 20 and 200 sessions, in a cell. */
    private static String unitsSummary(JsonNode writeUnits) {
        StringBuilder cell = new StringBuilder();
        for (JsonNode row : writeUnits.get("events")) {
            String event = row.get("event").asText();
            if (event.equals("heartbeat, sessions unchanged") || event.equals("SESSION_STARTED")) {
                int n = row.get("sessionsOnTask").asInt();
                cell.append(cell.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s at %d session%s: %.0f",
                        event.startsWith("heartbeat") ? "heartbeat" : "START", n, n == 1 ? "" : "s", row.get("writeUnits").asDouble()));
            }
        }
        return cell.toString();
    }

    /** Heartbeats within the target; a START or END is a two-item transaction, so the point is that none grows. */
    private static String unitsVerdict(JsonNode writeUnits) {
        java.util.Map<String, java.util.Set<Double>> byEvent = new java.util.HashMap<>();
        for (JsonNode row : writeUnits.get("events")) {
            byEvent.computeIfAbsent(row.get("event").asText(), e -> new java.util.TreeSet<>()).add(row.get("writeUnits").asDouble());
        }
        boolean bounded = byEvent.values().stream().allMatch(units -> units.size() == 1);
        boolean heartbeats = byEvent.getOrDefault("heartbeat, sessions unchanged", java.util.Set.of()).stream().allMatch(u -> u <= 1);
        return (heartbeats ? "met for heartbeats" : "missed for heartbeats") + "; START and END are a two-item transaction; "
                + (bounded ? "no event's units grow with the task's sessions" : "missed: units grow with the task's sessions");
    }

    private static void fanOutRow(StringBuilder md, JsonNode fanOut) {
        for (JsonNode c : fanOut.get("configurations")) {
            if (c.get("workers").asInt() == 8 && c.get("ecsReadsPerSecond").asDouble() >= 1000) {
                double seconds = c.at("/secondsPerRun/0").asDouble();
                row(md, String.format(Locale.ROOT, "analyzer run, %d services × %,d tasks, 8 workers, no request budget (stub latency %d ms)",
                        fanOut.get("services").asInt(), fanOut.get("tasksPerService").asInt(), fanOut.get("stubLatencyMs").asInt()),
                        "≤ 45 s", String.format(Locale.ROOT, "%.1f s", seconds), seconds <= 45);
            }
            if (c.get("workers").asInt() == 8 && c.get("ecsReadsPerSecond").asDouble() < 1000) {
                double seconds = c.at("/secondsPerRun/0").asDouble();
                row(md, String.format(Locale.ROOT, "analyzer run, same, default ECS budget (%.0f reads/s)", c.get("ecsReadsPerSecond").asDouble()),
                        "≤ 45 s", String.format(Locale.ROOT, "%.1f s", seconds), seconds <= 45);
            }
        }
    }

    private static void fanOutSection(StringBuilder md, JsonNode fanOut) {
        md.append(String.format(Locale.ROOT, "%n## Analyzer fan-out: %d services × %,d tasks%n%n", fanOut.get("services").asInt(),
                fanOut.get("tasksPerService").asInt()));
        md.append("`AnalyzerFanOutBench`: the real analyzer and adapters against `FleetStub` (ECS, CloudWatch, ELBv2, Step Functions on "
                + "loopback, each answer after " + fanOut.get("stubLatencyMs").asInt() + " ms) and DynamoDB Local on loopback holding "
                + "every task's aggregate (5 sessions each). One run a configuration; wall time of the whole run and the calls it made.\n\n");
        md.append("| workers | ECS reads/s budget | run | services decided | ECS calls | other calls |\n|---|---|---|---|---|---|\n");
        for (JsonNode c : fanOut.get("configurations")) {
            long ecs = 0;
            StringBuilder other = new StringBuilder();
            var fields = c.get("callsPerRun").fields();
            while (fields.hasNext()) {
                var f = fields.next();
                if (f.getKey().startsWith("Ecs.")) {
                    ecs += f.getValue().asLong();
                } else if (!f.getKey().endsWith("CreateTable")) {
                    other.append(other.isEmpty() ? "" : ", ").append(f.getKey()).append(' ').append(f.getValue().asLong());
                }
            }
            md.append(String.format(Locale.ROOT, "| %d | %s | %.1f s | %d | %,d | %s |%n", c.get("workers").asInt(),
                    c.get("ecsReadsPerSecond").asDouble() >= 1000 ? "none" : String.format(Locale.ROOT, "%.0f", c.get("ecsReadsPerSecond").asDouble()),
                    c.at("/secondsPerRun/0").asDouble(), c.at("/servicesDecided/0").asInt(), ecs, other));
        }
    }

    private static void writeUnitsSection(StringBuilder md, JsonNode writeUnits) {
        md.append("\n## DynamoDB units per session event\n\n`WriteUnitsBench`: the real `DynamoDbSessionStore` against DynamoDB Local "
                + "on loopback, every call asked for its consumed capacity (`ConsumedCapacityMeter`), for a task holding 1, 20 and 200 "
                + "sessions (36-character ids). The aggregate item measured: ");
        var sizes = writeUnits.get("aggregateItemBytesBySessions").fields();
        StringBuilder s = new StringBuilder();
        while (sizes.hasNext()) {
            var e = sizes.next();
            s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%,d bytes with %s sessions", e.getValue().asInt(), e.getKey()));
        }
        md.append(s).append(".\n\n| sessions on the task | event | write units | read units | failed conditional writes |\n|---|---|---|---|---|\n");
        for (JsonNode row : writeUnits.get("events")) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.1f | %.0f |%n", row.get("sessionsOnTask").asInt(), row.get("event").asText(),
                    row.get("writeUnits").asDouble(), row.get("readUnits").asDouble(), row.get("failedConditionalWrites").asDouble()));
        }
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
