package dev.sessionscaler.sim.cli;

import dev.sessionscaler.sim.report.Report;
import dev.sessionscaler.sim.run.Fidelity;
import dev.sessionscaler.sim.run.Simulation;
import dev.sessionscaler.sim.run.SimulationResult;
import dev.sessionscaler.sim.run.SimulationSummary;
import dev.sessionscaler.sim.scenario.Scenario;
import dev.sessionscaler.sim.workflow.WorkflowBridge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code session-scaler simulate}: the whole system on a scenario, in virtual time, against the baselines. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        header = "Simulate a scenario or a recorded trace with Session Scaler and with ECS target tracking, and compare sessions cut and cost.",
        description = {"Run a scenario in virtual time through Session Scaler's real handlers and workflow (DynamoDB Local,"
                + " ElasticMQ, aws-local-stepfunctions; ECS, the load balancer and CloudWatch are simulated), then through ECS"
                + " target tracking, with and without task scale-in protection, on the same traffic; compare them with two"
                + " bounds computed from the trace: packing (each session on the fullest task, instant starts and stops) and"
                + " the oracle.",
                "Writes report.html, charts/*.png, summary.json and decisions-session-aware.jsonl to --out and prints the"
                + " summary."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOutput output;

    @Mixin
    ScenarioOption scenario;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sim-out",
            description = "Directory for report.html, charts/*.png and summary.json (created if missing). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--fast",
            description = "Hand session events straight to the real ingest handler and keep sessions, the lease, the ledger"
                    + " and the decision history in memory (no ElasticMQ, no DynamoDB Local): the same handlers, analyzer and"
                    + " workflow and the same outcome, about twenty times faster, for sweeps and long traces.")
    boolean fast;

    @Option(names = "--without-floors",
            description = "Run the session-aware policy without the scenario's floors (scaler.schedules removed,"
                    + " scaler.predictiveFloor off): what they buy, on the same traffic.")
    boolean withoutFloors;

    @Override
    public Integer call() {
        Scenario chosen = scenario.load();
        if (withoutFloors) {
            chosen = chosen.withScaler(chosen.scaler().toBuilder().schedules(java.util.List.of()).predictiveFloor(false).build("scaler"));
        }
        ScenarioOption.checkWritable("--out", out);
        PrintWriter err = spec.commandLine().getErr();
        if (chosen.recorded() != null) {
            err.println(chosen.recorded().describe());
        }
        long started = System.nanoTime();
        SimulationResult result;
        try (WorkflowBridge bridge = new WorkflowBridge()) {
            ProgressBars bars = new ProgressBars(err);
            result = Simulation.run(chosen, bridge, bars::update, fast ? Fidelity.FAST : Fidelity.FULL);
            bars.finish();
        }
        Map<String, Object> summary = SimulationSummary.document(result, (System.nanoTime() - started) / 1e9);
        Report.Written written = Report.write(result, summary, out);
        output.print(summary, () -> SimulationSummary.table(summary));
        if (written.pngTextMissing()) {
            err.println("warning: no font found for the PNG charts' text (install fontconfig and fonts-dejavu-core); the HTML report has it");
        }
        err.println("report: " + written.html().toAbsolutePath());
        err.flush();
        return 0;
    }

    /** One progress bar per policy, on stderr. */
    private static final class ProgressBars {
        private final PrintWriter err;
        private Progress current;
        private String policy;

        ProgressBars(PrintWriter err) {
            this.err = err;
        }

        void update(String running, int done, int total) {
            if (!running.equals(policy)) {
                finish();
                policy = running;
                current = new Progress(err, running, total);
            }
            current.update(done);
        }

        void finish() {
            if (current != null) {
                current.finish();
            }
        }
    }
}
