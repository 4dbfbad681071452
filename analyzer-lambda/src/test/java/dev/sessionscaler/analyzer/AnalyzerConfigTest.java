package dev.sessionscaler.analyzer;

import dev.sessionscaler.core.config.ManagedService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.model.ServiceRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyzerConfigTest {
    static Map<String, String> env(String services) {
        Map<String, String> env = new HashMap<>(Map.of("SESSION_TABLE", "sessions", "STATE_TABLE", "state",
                "STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:scale"));
        env.put("SERVICES", services);
        return env;
    }

    @Test
    void readsSeveralServicesWithTheirConfigs() {
        AnalyzerConfig config = AnalyzerConfig.fromEnvironment(env("""
                [{"cluster": "demo", "service": "rdp", "config": {"minTasks": 2, "maxTasks": 20, "sessionsPerTask": 10}},
                 {"cluster": "demo", "service": "vnc", "config": {"minTasks": 1, "maxTasks": 5, "sessionsPerTask": 1, "dryRun": true}}]"""));
        assertThat(config.services()).extracting(ManagedService::ref)
                .containsExactly(new ServiceRef("demo", "rdp"), new ServiceRef("demo", "vnc"));
        assertThat(config.services().get(1).config().dryRun()).isTrue();
        assertThat(config.leaseDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(config.auditRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void invalidConfigurationFailsAtInitNamingTheField() {
        assertThatThrownBy(() -> AnalyzerConfig.fromEnvironment(env("[{\"cluster\": \"demo\", \"service\": \"rdp\", "
                + "\"config\": {\"minTasks\": 5, \"maxTasks\": 2, \"sessionsPerTask\": 10}}]")))
                .hasMessage("SERVICES[0].config.minTasks: must not exceed maxTasks (5 > 2)");
        assertThatThrownBy(() -> AnalyzerConfig.fromEnvironment(env("[]"))).hasMessage("SERVICES: must name at least one service");
        assertThatThrownBy(() -> AnalyzerConfig.fromEnvironment(env("{oops"))).hasMessageStartingWith("SERVICES: malformed JSON");
        assertThatThrownBy(() -> AnalyzerConfig.fromEnvironment(env("[{\"cluster\": \"demo\", \"service\": \"rdp\", \"config\": "
                + "{\"minTasks\": 1, \"maxTasks\": 2, \"sessionsPerTask\": 1}}, {\"cluster\": \"demo\", \"service\": \"rdp\", \"config\": "
                + "{\"minTasks\": 1, \"maxTasks\": 2, \"sessionsPerTask\": 1}}]")))
                .hasMessage("SERVICES[1]: names demo/rdp a second time");
        Map<String, String> noTable = env("[]");
        noTable.remove("STATE_TABLE");
        noTable.put("SERVICES", "[{\"cluster\": \"demo\", \"service\": \"rdp\", \"config\": {\"minTasks\": 1, \"maxTasks\": 2, \"sessionsPerTask\": 1}}]");
        assertThatThrownBy(() -> AnalyzerConfig.fromEnvironment(noTable)).hasMessage("STATE_TABLE is not set");
        Map<String, String> badLease = new HashMap<>(noTable);
        badLease.put("STATE_TABLE", "state");
        badLease.put("LEASE_SECONDS", "10");
        assertThatThrownBy(() -> AnalyzerConfig.fromEnvironment(badLease)).hasMessage("LEASE_SECONDS: must be between 300 and 86400, got 10");
    }
}
