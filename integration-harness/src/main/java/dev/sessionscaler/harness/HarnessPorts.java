package dev.sessionscaler.harness;

import dev.sessionscaler.core.port.FleetReader;
import dev.sessionscaler.core.port.Lease;
import dev.sessionscaler.core.port.ServiceActuator;
import dev.sessionscaler.core.port.SessionStore;
import dev.sessionscaler.core.port.TargetRegistry;
import dev.sessionscaler.core.port.WorkflowStarter;
import dev.sessionscaler.reporter.EventSender;

/**
 * What the harness touches: the test service in ECS and its target group, the session store (to see that the scaler saw
 * the synthetic sessions), the service's workflow lease (checked released), the analyzer pause (held while the test
 * runs), the session queue (the test reports sessions for the service's tasks) and the scale state machine's executions.
 */
public record HarnessPorts(FleetReader fleet, ServiceActuator actuator, TargetRegistry targets, SessionStore sessions,
                           Lease lease, Lease pause, EventSender events, WorkflowStarter scaleExecutions) {
}
