package dev.sessionscaler.core.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.Json;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.model.TaskLifecycle;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DecisionInputTest {
    static final String VALID = """
            {"config": {"minTasks": 1, "maxTasks": 10, "sessionsPerTask": 10},
             "now": "2026-01-01T10:00:00Z",
             "service": {"cluster": "demo", "service": "rdp", "desiredCount": 4, "deploymentInProgress": false},
             "serviceCpuPercent": 35.0, "serviceMemoryPercent": 30.0,
             "tasks": [{"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b", "availabilityZone": "us-east-1a",
                        "startedAt": "2026-01-01T08:00:00Z", "lifecycle": "RUNNING", "healthy": true, "protected": true,
                        "draining": false, "activeSessions": 3, "lastHeartbeat": null,
                        "cpuPercent": 40.0, "memoryPercent": null}],
             "history": {"lowSince": null, "lastScaleOutAt": "2026-01-01T09:00:00Z", "lastScaleInAt": null}}
            """;

    @Test
    void readsTheDocumentedFleetFormat() {
        DecisionInput input = DecisionInput.fromJson(JsonInput.parseObject(VALID));

        assertThat(input.now()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(input.fleet().service().desiredCount()).isEqualTo(4);
        assertThat(input.fleet().serviceCpuPercent()).isEqualTo(35.0);
        assertThat(input.fleet().serviceMaxCpuPercent()).as("optional").isNull();
        assertThat(input.fleet().tasks()).singleElement().satisfies(t -> {
            assertThat(t.lifecycle()).isEqualTo(TaskLifecycle.RUNNING);
            assertThat(t.scaleInProtected()).isTrue();
            assertThat(t.lastHeartbeat()).isNull();
            assertThat(t.memoryPercent()).isNull();
            assertThat(t.activeSessions()).isEqualTo(3);
        });
        assertThat(input.history().lastScaleOutAt()).isEqualTo(Instant.parse("2026-01-01T09:00:00Z"));
    }

    @Test
    void taskStateWritesProtectedUnderItsJsonName() {
        DecisionInput input = DecisionInput.fromJson(JsonInput.parseObject(VALID));
        assertThat(Json.write(input.fleet().tasks().get(0))).contains("\"protected\":true").doesNotContain("scaleInProtected");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "\"desiredCount\": 4|\"desiredCount\": -1|service.desiredCount: must be between 0 and 5000",
            "\"desiredCount\": 4|\"desiredCount\": 2147483647|service.desiredCount: must be between 0 and 5000",
            "\"activeSessions\": 3|\"activeSessions\": 2000000000|tasks[0].activeSessions: must be between 0 and 1000000",
            "\"lifecycle\": \"RUNNING\"|\"lifecycle\": \"UP\"|tasks[0].lifecycle: must be one of PROVISIONING",
            "task/demo/0a1b|task/other/0a1b|tasks[0].taskArn: belongs to cluster \"other\", not service.cluster \"demo\"",
            "arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b|i-123|tasks[0].taskArn: must be an ECS task ARN",
            "\"activeSessions\": 3|\"activeSessions\": -2|tasks[0].activeSessions: must be between 0 and 1000000",
            "\"now\": \"2026-01-01T10:00:00Z\"|\"now\": \"10am\"|now: must be an ISO-8601 UTC instant",
            "\"cpuPercent\": 40.0|\"cpuPercent\": \"hot\"|tasks[0].cpuPercent: must be a number",
            "\"serviceCpuPercent\": 35.0|\"serviceCpuPercent\": -3|serviceCpuPercent: must be at least 0",
            "\"maxTasks\": 10|\"maxTasks\": 0|config.maxTasks: must be at least 1",
            "\"draining\": false|\"drainingg\": false|tasks[0].drainingg: unknown field",
            "\"cluster\": \"demo\"|\"cluster\": \"de mo\"|service.cluster: must be an ECS name",
            "\"healthy\": true,|\"healthy\": null,|tasks[0].healthy: is required"})
    void invalidFieldsAreNamed(String from, String to, String message) {
        String broken = VALID.replace(from, to);
        assertThat(broken).isNotEqualTo(VALID);
        assertThatThrownBy(() -> DecisionInput.fromJson(JsonInput.parseObject(broken)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void duplicateTasksAreRejected() {
        String twice = VALID.replace("\"tasks\": [{", "\"tasks\": [{\"taskArn\": \"arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b\", "
                + "\"availabilityZone\": \"us-east-1a\", \"lifecycle\": \"RUNNING\", \"healthy\": true, \"activeSessions\": 0}, {");
        assertThatThrownBy(() -> DecisionInput.fromJson(JsonInput.parseObject(twice)))
                .hasMessage("tasks[1].taskArn: duplicates tasks[0].taskArn");
    }
}
