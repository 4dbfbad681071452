package dev.sessionscaler.reporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskProtectionTest {
    static final String ANSWER = "{\"protection\":{\"ExpirationDate\":\"2026-01-01T11:00:00Z\",\"ProtectionEnabled\":true,"
            + "\"TaskArn\":\"arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b\"}}";

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void protectedWhileBusyRefreshedAtHalfItsExpiryAndReleasedWhenIdle() throws Exception {
        MovingClock clock = new MovingClock();
        try (LocalHttp agent = new LocalHttp("/task-protection/v1/state", 200, () -> ANSWER)) {
            TaskProtection protection = new TaskProtection(URI.create(agent.base()), 60, clock);

            protection.update(true);
            clock.now = clock.now.plus(Duration.ofMinutes(29));
            protection.update(true);
            assertThat(agent.requests).containsExactly("PUT /task-protection/v1/state {\"ProtectionEnabled\":true,\"ExpiresInMinutes\":60}");
            clock.now = clock.now.plus(Duration.ofMinutes(1));
            protection.update(true);
            assertThat(agent.requests).as("refreshed half way").hasSize(2);
            protection.update(false);
            protection.update(false);

            assertThat(agent.requests).hasSize(3).last().isEqualTo("PUT /task-protection/v1/state {\"ProtectionEnabled\":false}");
            assertThat(protection.isProtected()).isFalse();
        }
    }

    @Test
    void aFailureTheAgentReportsIsCountedAndTriedAgain() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>(
                "{\"failure\":{\"Arn\":\"arn:aws:ecs:us-east-1:123456789012:task/demo/0a1b\",\"Reason\":\"TASK_NOT_VALID\"}}");
        try (LocalHttp agent = new LocalHttp("/task-protection/v1/state", 200, answer::get)) {
            TaskProtection protection = new TaskProtection(URI.create(agent.base() + "/"), 60, new MovingClock());

            protection.update(true);
            assertThat(protection.isProtected()).isFalse();
            assertThat(protection.failures()).isEqualTo(1);
            answer.set(ANSWER);
            protection.update(true);

            assertThat(protection.isProtected()).isTrue();
            assertThat(agent.requests).hasSize(2);
        }
    }
}
