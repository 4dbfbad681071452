package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import dev.sessionscaler.core.config.InvalidInputException;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk synth|deploy -c config=path.json [-c integrationTest=true]} (see README, Deployment, and
 * "Integration test in your account").
 */
public final class SessionScalerApp {
    private SessionScalerApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Object configPath = app.getNode().tryGetContext("config");
        if (configPath == null || configPath.toString().isBlank()) {
            fail("the configuration file is required: cdk synth -c config=path/to/config.json (see examples/deploy-config.json)");
        }
        DeploymentConfig config;
        try {
            config = DeploymentConfig.fromFile(Path.of(configPath.toString()));
        } catch (InvalidInputException e) {
            fail(configPath + ": " + e.getMessage());
            return;
        }
        Object integrationTest = app.getNode().tryGetContext("integrationTest");
        if (integrationTest != null && !List.of("true", "false").contains(integrationTest.toString())) {
            fail("-c integrationTest: must be true or false, got \"" + integrationTest + "\"");
        }
        Object stackName = app.getNode().tryGetContext("stackName");
        String name = stackName == null ? DEFAULT_STACK_NAME : stackName.toString();
        if (!name.matches("[A-Za-z][A-Za-z0-9-]{0,127}")) {
            fail("-c stackName: must start with a letter and hold only letters, digits and hyphens (at most 128), got \"" + name + "\"");
        }
        try {
            stack(app, config, integrationTest != null && integrationTest.toString().equals("true"), name);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
        app.synth();
    }

    /** The stack's name unless {@code -c stackName=...} gives another (a temporary stack for a pull request, say). */
    public static final String DEFAULT_STACK_NAME = "SessionScaler";

    /** The stack with cdk-nag's AWS Solutions checks on it; tests build it the same way. */
    public static SessionScalerStack stack(App app, DeploymentConfig config) {
        return stack(app, config, false);
    }

    public static SessionScalerStack stack(App app, DeploymentConfig config, boolean integrationTest) {
        return stack(app, config, integrationTest, DEFAULT_STACK_NAME);
    }

    /**
     * @param integrationTest with the integration-test harness (only when asked: {@code -c integrationTest=true})
     * @param name            the CloudFormation stack's name
     */
    public static SessionScalerStack stack(App app, DeploymentConfig config, boolean integrationTest, String name) {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        StackProps props = StackProps.builder().description("Session Scaler: session-aware autoscaling for Amazon ECS")
                .env(account == null || region == null ? null : Environment.builder().account(account).region(region).build())
                .build();
        SessionScalerStack stack = new SessionScalerStack(app, name, props, config, integrationTest);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(1);
    }
}
