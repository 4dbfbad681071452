package dev.sessionscaler.sim.cli;

import dev.sessionscaler.core.config.DeploymentConfig;
import dev.sessionscaler.core.config.ManagedService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code session-scaler check-config}: the deployment config's validation as {@code cdk synth} runs it (the same
 * {@link DeploymentConfig} code, so the same messages), without Maven, Node or the CDK.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        header = "Validate a deployment config as 'cdk synth' would, without the CDK.",
        description = {"Validate a deployment config file (the one 'cdk deploy -c config=FILE' takes) with the same checks and"
                + " messages as synthesis, and summarise the services it manages. Exit code 0 when it is valid, 2 when it is"
                + " not (the message names the key)."})
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The deployment config JSON file, or - for standard input.")
    String file;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        DeploymentConfig config = InputFiles.parse("FILE", file, System.in, DeploymentConfig::fromJson);
        List<Map<String, Object>> services = new ArrayList<>();
        for (ManagedService s : config.services()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", s.ref().cluster() + "/" + s.ref().service());
            row.put("minTasks", s.config().minTasks());
            row.put("maxTasks", s.config().maxTasks());
            row.put("sessionsPerTask", s.config().sessionsPerTask());
            row.put("scaleInMode", s.config().scaleInMode().name());
            row.put("dryRun", s.config().dryRun());
            services.add(row);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("file", file);
        document.put("valid", true);
        document.put("leaseSeconds", config.leaseSeconds());
        document.put("services", services);
        output.print(document, () -> text(document, services));
        return 0;
    }

    private static String text(Map<String, Object> document, List<Map<String, Object>> services) {
        StringBuilder text = new StringBuilder(document.get("file") + ": valid; " + services.size() + " service"
                + (services.size() == 1 ? "" : "s") + ", lease " + document.get("leaseSeconds") + " s");
        for (Map<String, Object> s : services) {
            text.append(String.format("%n  %s: %s to %s tasks, %s sessions each, scale-in %s, %s", s.get("service"),
                    s.get("minTasks"), s.get("maxTasks"), s.get("sessionsPerTask"), s.get("scaleInMode"),
                    Boolean.TRUE.equals(s.get("dryRun")) ? "dry run (decides and records, changes nothing)" : "acts on the service"));
        }
        return text.toString();
    }
}
