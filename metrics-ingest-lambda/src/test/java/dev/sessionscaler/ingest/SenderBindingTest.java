package dev.sessionscaler.ingest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.config.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Safety issue, item 13: an event is accepted only from the task it names. */
class SenderBindingTest {
    private static final String TASK_ROLE = "AROATASKROLE0000000";
    private static final String API_ROLE = "AROAAPIROLE00000000";
    private final SenderBinding binding = new SenderBinding(true, API_ROLE);

    @Test
    void aTaskMayReportItselfStraightToTheQueueOrThroughTheApi() {
        assertThatCode(() -> binding.check(beat("0a1b"), TASK_ROLE + ":0a1b", null)).doesNotThrowAnyException();
        assertThatCode(() -> binding.check(beat("0a1b"), API_ROLE + ":api-session", TASK_ROLE + ":0a1b")).doesNotThrowAnyException();
    }

    @Test
    void aForgedEmptyHeartbeatForAnotherTaskIsRefusedWithItsReason() {
        assertThatThrownBy(() -> binding.check(beat("0a1b"), TASK_ROLE + ":9f9f", null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("taskArn: names task 0a1b, but the event was sent by " + TASK_ROLE + ":9f9f");
        assertThatThrownBy(() -> binding.check(beat("0a1b"), API_ROLE + ":api-session", TASK_ROLE + ":9f9f"))
                .hasMessageContaining("not that task's role session");
    }

    @Test
    void aMessageAttributeCannotVouchForADirectSender() {
        // only the API's own role may pass on a caller; anyone else is judged by who they are
        assertThatThrownBy(() -> binding.check(beat("0a1b"), TASK_ROLE + ":9f9f", TASK_ROLE + ":0a1b"))
                .hasMessageContaining("sent by " + TASK_ROLE + ":9f9f");
    }

    @Test
    void aSenderWithoutASessionOrWithoutIdentityIsRefused() {
        assertThatThrownBy(() -> binding.check(beat("0a1b"), "AIDAUSER00000000", null)).hasMessageContaining("not that task's role session");
        assertThatThrownBy(() -> binding.check(beat("0a1b"), null, null)).hasMessageContaining("no sender identity");
        assertThatThrownBy(() -> binding.check(beat("0a1b"), API_ROLE + ":api-session", null)).hasMessageContaining("without its caller's identity");
    }

    @Test
    void theIntegrationTestHarnessMayReportForAnyTaskOfATestServiceOnlyAndOnlyWhereItIsDeployed() {
        String harness = "AROAHARNESS00000000";
        var testService = beat("0a1b").service();
        SenderBinding withHarness = new SenderBinding(true, API_ROLE, harness, java.util.Set.of(testService));
        assertThatCode(() -> withHarness.check(beat("0a1b"), harness + ":it-function", null)).doesNotThrowAnyException();
        SenderBinding otherTestService = new SenderBinding(true, API_ROLE, harness,
                java.util.Set.of(new dev.sessionscaler.core.model.ServiceRef("test", "it")));
        assertThatThrownBy(() -> otherTestService.check(beat("0a1b"), harness + ":it-function", null))
                .hasMessageContaining("the integration-test harness may report only for test services, and " + testService.key() + " is not one");
        assertThatThrownBy(() -> binding.check(beat("0a1b"), harness + ":it-function", null))
                .hasMessageContaining("not that task's role session");
        assertThatThrownBy(() -> withHarness.check(beat("0a1b"), harness + "X:0a1c", null))
                .as("a role id that only starts like the harness's").hasMessageContaining("not that task's role session");
    }

    @Test
    void theOptOutAcceptsAnySender() {
        assertThatCode(() -> new SenderBinding(false, API_ROLE).check(beat("0a1b"), TASK_ROLE + ":9f9f", null)).doesNotThrowAnyException();
    }

    private static dev.sessionscaler.core.model.SessionEvent beat(String task) {
        return Events.beat(task, 0);
    }
}
