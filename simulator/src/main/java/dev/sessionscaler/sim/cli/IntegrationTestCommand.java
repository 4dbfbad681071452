package dev.sessionscaler.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.harness.HarnessScenario;
import dev.sessionscaler.sim.workflow.LocalIntegrationTest;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code session-scaler integration-test}: runs one scenario of the testing state machine, in an account (deployed with
 * {@code -c integrationTest=true}) or locally on the simulated service, and exits 0 on PASS, 1 on FAIL.
 */
@Command(name = "integration-test", mixinStandardHelpOptions = true,
        header = "Run an integration-test scenario against a deployed scaler (or --local), exit 0 on PASS, 1 on FAIL.",
        description = {"Starts the integration-test state machine (deployed with -c integrationTest=true) with a scenario,",
                "waits for it, prints every check and exits 0 on PASS, 1 on FAIL. It pauses the analyzer for the test",
                "service, sets its desired count, reports synthetic sessions for it, runs the scale state machine and",
                "checks the result; it always restores (ends the sessions, resumes the analyzer). Use a test service:",
                "the harness reports sessions for its tasks. AWS credentials and region come from the usual places.",
                "",
                "--local runs the same definition on aws-local-stepfunctions against a simulated ECS service and",
                "target group, with the real scale workflow and steps (no AWS account)."},
        exitCodeOnExecutionException = 2)
final class IntegrationTestCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOutput output;

    @Option(names = "--list", description = "Print the scenario names, one a line, and exit.")
    boolean list;

    @Option(names = "--scenario", paramLabel = "NAME", description = "The scenario to run (see --list).")
    String scenario;

    @Option(names = "--state-machine-arn", paramLabel = "ARN",
            description = "The integration-test state machine (the stack output IntegrationTestStateMachineArn).")
    String stateMachineArn;

    @Option(names = "--cluster", description = "The managed service's cluster (needed when the stack manages several services).")
    String cluster;

    @Option(names = "--service", description = "The managed service (needed when the stack manages several services).")
    String service;

    @Option(names = "--local", description = "Run on the simulated service instead of an account.")
    boolean local;

    @Option(names = "--inject", paramLabel = "FAULT", description = "With --local: a fault to inject; ecs-stops-wrong-task "
            + "(the simulated ECS stops a task the test marked busy), which must end in FAIL.")
    String inject;

    @Option(names = "--timeout-minutes", defaultValue = "60", description = "How long to wait for the execution (default ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            HarnessScenario.ids().forEach(out::println);
            out.flush();
            return 0;
        }
        if (scenario == null) {
            throw new InvalidInputException("--scenario", "is required (or --list); scenarios: " + String.join(", ", HarnessScenario.ids()));
        }
        try {
            HarnessScenario.named(scenario);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--scenario", e.getMessage());
        }
        if (local == (stateMachineArn != null)) {
            throw local ? new InvalidInputException("--local", "excludes --state-machine-arn")
                    : new InvalidInputException("--state-machine-arn", "is required to run in an account (or --local to run here)");
        }
        if (inject != null && !local) {
            throw new InvalidInputException("--inject", "works only with --local (faults are injected into the simulated service)");
        }
        if (local && (cluster != null || service != null)) {
            throw new InvalidInputException(cluster != null ? "--cluster" : "--service", "is for an account; --local has one simulated service");
        }
        JsonNode verdict;
        if (local) {
            if (inject != null && !LocalIntegrationTest.FAULTS.contains(inject)) {
                throw new InvalidInputException("--inject", "must be one of " + LocalIntegrationTest.FAULTS + ", got \"" + inject + "\"");
            }
            LocalIntegrationTest.Outcome outcome = new LocalIntegrationTest(inject).run(scenario);
            verdict = withExecutionFailure(outcome.verdict(), outcome.executionStatus(), outcome.error(), outcome.cause());
        } else {
            try {
                verdict = inAccount();
            } catch (SdkException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("error: AWS refused or could not be reached: " + e.getMessage());
                err.flush();
                return SessionScalerCli.EXIT_INVALID_INPUT;
            }
        }
        print(verdict);
        return "PASS".equals(verdict.path("result").asText()) ? 0 : 1;
    }

    private JsonNode inAccount() throws InterruptedException {
        ObjectNode input = Json.MAPPER.createObjectNode().put("scenario", scenario);
        if (cluster != null || service != null) {
            input.put("cluster", cluster).put("service", service);
        }
        String name = "it-" + scenario + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        try (SfnClient sfn = SfnClient.create()) {
            String arn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(Json.write(input))).executionArn();
            PrintWriter err = spec.commandLine().getErr();
            err.println("started " + arn);
            err.flush();
            long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(arn));
            while (execution.status() == ExecutionStatus.RUNNING) {
                if (System.nanoTime() > deadline) {
                    return failure(arn, "the execution was still running after " + timeoutMinutes + " minutes (it goes on; its"
                            + " Restore state lifts the pause when it ends)");
                }
                Thread.sleep(10_000);
                execution = sfn.describeExecution(r -> r.executionArn(arn));
                err.println("  " + execution.statusAsString() + " ...");
                err.flush();
            }
            JsonNode verdict = execution.output() == null ? failure(arn, null) : Json.read(execution.output());
            return withExecutionFailure(verdict, execution.statusAsString(), execution.error(), execution.cause());
        }
    }

    /** A test whose own execution did not succeed fails, with its error as a check. */
    private JsonNode withExecutionFailure(JsonNode verdict, String status, String error, String cause) {
        if ("SUCCEEDED".equals(status)) {
            return verdict;
        }
        ObjectNode failed = verdict.deepCopy();
        failed.put("result", "FAIL").put("scenario", scenario);
        ArrayNode checks = failed.has("checks") ? (ArrayNode) failed.get("checks") : failed.putArray("checks");
        checks.addObject().put("check", "the integration-test execution succeeded").put("ok", false)
                .put("detail", status + (error == null ? "" : ": " + error) + (cause == null ? "" : ": " + cause));
        return failed;
    }

    private ObjectNode failure(String arn, String detail) {
        ObjectNode verdict = Json.MAPPER.createObjectNode().put("result", "FAIL").put("scenario", scenario);
        ArrayNode checks = verdict.putArray("checks");
        if (detail != null) {
            checks.addObject().put("check", "the integration-test execution ended").put("ok", false).put("detail", detail);
        }
        return verdict.put("executionArn", arn);
    }

    private void print(JsonNode verdict) {
        output.print(verdict, () -> {
            StringBuilder text = new StringBuilder(verdict.path("result").asText() + "  " + scenario + "  "
                    + verdict.path("executionArn").asText("") + "\n");
            verdict.path("checks").forEach(c -> text.append(String.format("  %-4s %s: %s%n", c.path("ok").asBoolean() ? "ok" : "FAIL",
                    c.path("check").asText(), c.path("detail").asText())));
            return text.toString().stripTrailing();
        });
    }

}
