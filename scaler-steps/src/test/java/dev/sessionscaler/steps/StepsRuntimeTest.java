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
        assertThat(rdp.targetGroupArn()).endsWith(":targetgroup/rdp/abc");
    }

    @Test
    void aLeaseTooShortForTheLongestDrainIsRefusedAtStartUpAndTheDefaultFollowsTheDelay() {
        // safety issue, item 3: a 3600 s deregistration delay needs a lease longer than an hour
        var services = dev.sessionscaler.analyzer.AnalyzerConfig.services("[{\"cluster\": \"demo\", \"service\": \"rdp\", " + CONFIG
                + ", \"deregistrationDelaySeconds\": 3600}]");
        assertThat(dev.sessionscaler.analyzer.AnalyzerConfig.leaseDuration(Map.of(), services).toSeconds())
                .as("the default grows with the delay").isEqualTo(4560);
        assertThatThrownBy(() -> dev.sessionscaler.analyzer.AnalyzerConfig.leaseDuration(Map.of("LEASE_SECONDS", "3600"), services))
                .hasMessageStartingWith("LEASE_SECONDS: must be at least 4560 s for a deregistration delay of 3600 s");
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
