package dev.sessionscaler.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.model.ServiceRef;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void readsTableServicesAndAge() {
        IngestConfig config = IngestConfig.fromEnvironment(Map.of("SESSION_TABLE", "sessions",
                "MANAGED_SERVICES", "demo/rdp, demo/vnc", "MAX_EVENT_AGE_SECONDS", "3600"));
        assertThat(config.table()).isEqualTo("sessions");
        assertThat(config.managedServices()).containsExactly(new ServiceRef("demo", "rdp"), new ServiceRef("demo", "vnc"));
        assertThat(config.limits().maxAge()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void defaultsAcceptAnyServiceWithTheDefaultLimits() {
        IngestConfig config = IngestConfig.fromEnvironment(Map.of("SESSION_TABLE", "sessions"));
        assertThat(config.managedServices()).isEmpty();
        assertThat(config.limits()).isEqualTo(EventLimits.DEFAULTS);
    }

    @Test
    void invalidConfigurationFailsNamingTheVariable() {
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of()))
                .hasMessageStartingWith("SESSION_TABLE is not set");
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("SESSION_TABLE", "t", "MANAGED_SERVICES", "rdp")))
                .hasMessage("MANAGED_SERVICES: \"rdp\" is not of the form cluster/service");
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("SESSION_TABLE", "t", "MAX_EVENT_AGE_SECONDS", "soon")))
                .hasMessage("MAX_EVENT_AGE_SECONDS: \"soon\" is not a whole number of seconds");
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("SESSION_TABLE", "t", "MAX_EVENT_AGE_SECONDS", "999999")))
                .hasMessageStartingWith("MAX_EVENT_AGE_SECONDS: must be between 60 and");
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("SESSION_TABLE", "t", "TEST_HARNESS_ROLE_ID", "AROAH")))
                .hasMessageStartingWith("TEST_SERVICES: is required with TEST_HARNESS_ROLE_ID");
    }

    @Test
    void theHarnessRoleIsTrustedForTheTestServicesOnly() {
        IngestConfig config = IngestConfig.fromEnvironment(Map.of("SESSION_TABLE", "t", "TEST_HARNESS_ROLE_ID", "AROAH",
                "TEST_SERVICES", "test/it, test/echo"));
        org.assertj.core.api.Assertions.assertThat(config.senderBinding().testHarnessRoleId()).isEqualTo("AROAH");
        org.assertj.core.api.Assertions.assertThat(config.senderBinding().testServices()).containsExactlyInAnyOrder(
                new dev.sessionscaler.core.model.ServiceRef("test", "it"), new dev.sessionscaler.core.model.ServiceRef("test", "echo"));
    }
}
