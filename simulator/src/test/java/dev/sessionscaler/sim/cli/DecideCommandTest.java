package dev.sessionscaler.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionscaler.core.config.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecideCommandTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "fleet.json");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = SessionScalerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void jsonOutputIsOneDocumentWithTheDocumentedFields() throws IOException {
        Run run = run("decide", "--input", EXAMPLE.toString(), "--json");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode decision = Json.MAPPER.readTree(run.out());
        assertThat(decision.fieldNames()).toIterable()
                .contains("action", "desiredCount", "victims", "reason", "message", "history", "audit");
        assertThat(decision.get("action").asText()).isEqualTo("SCALE_IN");
        assertThat(decision.get("desiredCount").asInt()).isEqualTo(3);
        assertThat(decision.get("reason").asText()).isEqualTo("SCALE_IN_IDLE");
        assertThat(decision.get("victims")).hasSize(1);
        assertThat(decision.get("victims").get(0).asText()).endsWith("/1c2d");
        assertThat(decision.at("/history/lastScaleInAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(decision.at("/audit/victims/0/activeSessions").asInt()).isZero();
        assertThat(decision.at("/audit/steps")).hasSize(5);
    }

    @Test
    void humanOutputExplainsTheDecision() {
        Run run = run("decide", "--input", EXAMPLE.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("demo/rdp at 2026-01-01T10:00:00Z: SCALE_IN 4 -> 3 (SCALE_IN_IDLE)")
                .contains("Victims", "task/demo/1c2d", "recommend", "plan victims", "Next history");
    }

    @Test
    void theCordonExampleCordonsTheSurplusBusyTasksFewestSessionsFirst() throws IOException {
        Path example = EXAMPLE.resolveSibling("fleet-cordon.json");
        JsonNode decision = Json.MAPPER.readTree(run("decide", "--input", example.toString(), "--json").out());
        assertThat(decision.get("action").asText()).isEqualTo("CORDON");
        assertThat(decision.get("reason").asText()).isEqualTo("CORDON_SURPLUS");
        assertThat(decision.get("cordon")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "arn:aws:ecs:us-east-1:123456789012:task/demo/1c2d", "arn:aws:ecs:us-east-1:123456789012:task/demo/3a4b");
        assertThat(decision.at("/audit/cordonWindowSeconds").asInt()).isEqualTo(2700);
        assertThat(run("decide", "--input", example.toString()).out()).contains("Cordon (out of the load balancer", "task/demo/3a4b");
    }

    @Test
    void invalidInputExitsWithTwoNamingTheFieldAndPrintsNothingOnStdout() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(EXAMPLE).replace("\"lifecycle\": \"RUNNING\", \"healthy\": true, \"protected\": false,\n     \"draining\": false, \"activeSessions\": 0",
                "\"lifecycle\": \"RUNNING\", \"healthy\": true, \"protected\": false,\n     \"draining\": false, \"activeSessions\": \"none\""));

        Run run = run("decide", "--input", bad.toString(), "--json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: " + bad + ": tasks[1].activeSessions: must be a whole number, got the string \"none\"\n");
    }

    @Test
    void malformedJsonAndMissingFilesAreInputErrors() throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"config\": ");
        Run malformed = run("decide", "--input", broken.toString());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).startsWith("error: " + broken + ": malformed JSON");

        Run missing = run("decide", "--input", dir.resolve("absent.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: --input: no such file: ");
    }

    @Test
    void helpListsTheCommandsAndUsageErrorsExitWithTwo() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("decide", "Exit codes");

        Run noCommand = run();
        assertThat(noCommand.exit()).isEqualTo(2);
        assertThat(noCommand.err()).startsWith("error: a command is required");

        Run missingOption = run("decide");
        assertThat(missingOption.exit()).isEqualTo(2);
        assertThat(missingOption.err()).contains("Missing required option: '--input=FILE'");
        assertThat(missingOption.out()).isEmpty();
    }

    @Test
    void aScheduleInTheFleetsConfigAppliesAtItsNow(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // examples/fleet.json decides at 2026-01-01T10:00:00Z, a Thursday: a Thursday window over it raises the floor
        var fleet = (com.fasterxml.jackson.databind.node.ObjectNode) dev.sessionscaler.core.config.Json.MAPPER.readTree(EXAMPLE.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) fleet.get("config")).putArray("schedules").addObject()
                .put("from", "09:30").put("to", "10:30").put("timeZone", "UTC").put("minTasks", 9).putArray("days").add("THU");
        Path file = dir.resolve("fleet.json");
        java.nio.file.Files.writeString(file, fleet.toString());

        Run run = run("decide", "--input", file.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        var decision = dev.sessionscaler.core.config.Json.MAPPER.readTree(run.out());
        assertThat(decision.get("reason").asText()).isEqualTo("SCHEDULED_FLOOR");
        assertThat(decision.get("desiredCount").asInt()).isEqualTo(9);
        assertThat(decision.at("/audit/scheduledFloor").asText()).isEqualTo("THU 09:30-10:30 UTC: minTasks 9");
    }
}
