package dev.sessionscaler.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.model.ServiceRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepsRuntimeTest {
    static final String CONFIG = "\"config\": {\"minTasks\": 1, \"maxTasks\": 5, \"sessionsPerTask\": 10}";

    @Test
    void readsTheLoadBalancerTargetOfEachService() {
        var services = StepsRuntime.services(Map.of("SERVICES", "[{\"cluster\": \"demo\", \"service\": \"rdp\", " + CONFIG
                + ", \"targetGroupArn\": \"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc\","
                + " \"targetPort\": 8443, \"deregistrationDelaySeconds\": 600}]"));
        StepsService rdp = services.get(new ServiceRef("demo", "rdp"));
        assertThat(rdp.targetPort()).isEqualTo(8443);
        assertThat(rdp.timing().firstCheckSeconds()).isEqualTo(540);
    }

    @Test
    void theStepsNeedTheTargetGroupAndCheckIt() {
        assertThatThrownBy(() -> StepsRuntime.services(Map.of("SERVICES", "[{\"cluster\": \"demo\", \"service\": \"rdp\", " + CONFIG + "}]")))
                .hasMessage("SERVICES[0].targetGroupArn is required by the workflow steps");
        assertThatThrownBy(() -> StepsRuntime.services(Map.of("SERVICES", "[{\"cluster\": \"demo\", \"service\": \"rdp\", " + CONFIG
                + ", \"targetGroupArn\": \"rdp-tg\", \"targetPort\": 8443}]")))
                .hasMessageStartingWith("SERVICES[0].targetGroupArn: must be a target group ARN");
        assertThatThrownBy(() -> StepsRuntime.services(Map.of("SERVICES", "[{\"cluster\": \"demo\", \"service\": \"rdp\", " + CONFIG
                + ", \"targetGroupArn\": \"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rdp/abc\", \"targetPort\": 0}]")))
                .hasMessage("SERVICES[0].targetPort: must be a port from 1 to 65535, got 0");
    }
}
