package dev.sessionscaler.steps;

/**
 * Builds {@link ScaleSteps} for a deployed task Lambda from its environment.
 *
 * <p>Not built yet: the ECS and ELBv2 adapters behind {@code ServiceActuator} and {@code TargetRegistry}
 * are the remaining part of the workflow issue. Until then a deployed step fails at initialisation with
 * this message instead of running with a stand-in; locally the steps run against the simulated service.
 */
final class StepsRuntime {
    private StepsRuntime() {
    }

    static ScaleSteps fromEnvironment() {
        throw new IllegalStateException("the AWS adapters of the workflow steps (EcsServiceActuator, ElbTargetDeregistrar) "
                + "are not implemented yet; the workflow runs locally with 'session-scaler run-workflow'");
    }
}
