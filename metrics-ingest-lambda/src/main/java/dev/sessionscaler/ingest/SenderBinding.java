package dev.sessionscaler.ingest;

import dev.sessionscaler.core.model.ServiceRef;
import java.util.Set;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.model.Arns;
import dev.sessionscaler.core.model.SessionEvent;

/**
 * Binds each event to the task that sent it, so that one task (or anyone allowed to call the API) cannot
 * make another task look idle with a forged empty heartbeat. ECS gives a task's role credentials the task
 * id as their role session name, so the principal that sent a message is {@code <role id>:<task id>}: SQS
 * reports it as the {@code SenderId} attribute of a message sent straight to the queue, and the private API
 * passes the caller's identity ({@code $context.identity.caller}) as the {@code callerId} message attribute of
 * the message it sends with its own role. An event whose {@code taskArn} is not the sender's task is refused.
 *
 * @param required         off for deployments whose reporters are not the tasks themselves (a central gateway
 *                         reporting for all tasks), and for local runs, which have no AWS identities
 * @param apiSenderRoleId  the unique id (AROA…) of the role the private API sends with; messages it sent are
 *                         bound to the caller it names, all others to their own sender
 * @param testHarnessRoleId the unique id of the integration-test harness's role, deployed only with the harness
 *                         ({@code integrationTest}): it reports sessions on behalf of the test services' tasks, so its
 *                         messages are accepted for any task of those services, and for no other; null when the harness
 *                         is not deployed
 * @param testServices     the services marked {@code testService}: the only ones the harness may report for
 */
public record SenderBinding(boolean required, String apiSenderRoleId, String testHarnessRoleId, Set<ServiceRef> testServices) {
    public static final SenderBinding OFF = new SenderBinding(false, null);

    public SenderBinding {
        testServices = testServices == null ? Set.of() : Set.copyOf(testServices);
    }

    public SenderBinding(boolean required, String apiSenderRoleId) {
        this(required, apiSenderRoleId, null, Set.of());
    }
    public static final String CALLER_ATTRIBUTE = "callerId";

    /** Throws {@link InvalidInputException} naming {@code taskArn} when the event is not from its own task. */
    public void check(SessionEvent event, String senderId, String callerId) {
        if (!required) {
            return;
        }
        if (testHarnessRoleId != null && senderId != null && senderId.startsWith(testHarnessRoleId + ":")) {
            if (testServices.contains(event.service())) {
                return;
            }
            throw new InvalidInputException("service", "the integration-test harness may report only for test services, and "
                    + event.service().key() + " is not one (its tasks report their own sessions)");
        }
        boolean viaApi = senderId != null && apiSenderRoleId != null && senderId.startsWith(apiSenderRoleId + ":");
        String principal = viaApi ? callerId : senderId;
        if (principal == null || principal.isBlank()) {
            throw new InvalidInputException("taskArn", viaApi ? "the private API sent this event without its caller's identity"
                    : "the message carries no sender identity (SenderId), so it cannot be bound to its task");
        }
        int colon = principal.indexOf(':');
        String session = colon < 0 ? null : principal.substring(colon + 1);
        String task = Arns.taskIdOf(event.taskArn());
        if (!task.equals(session)) {
            throw new InvalidInputException("taskArn", "names task " + task + ", but the event was sent by " + principal
                    + ", which is not that task's role session: a task may report only its own sessions"
                    + " (set requireSenderTask to false if your reporters are not the tasks themselves)");
        }
    }
}
