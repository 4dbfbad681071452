package dev.sessionscaler.infra;

import dev.sessionscaler.core.config.DeploymentConfig;
import dev.sessionscaler.core.config.InvalidInputException;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The CDK app: {@code cdk synth|deploy -c config=path.json} (see README, Deployment). */
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
        stack(app, config);
        app.synth();
    }

    /** The stack with cdk-nag's AWS Solutions checks on it; tests build it the same way. */
    public static SessionScalerStack stack(App app, DeploymentConfig config) {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        StackProps props = StackProps.builder().description("Session Scaler: session-aware autoscaling for Amazon ECS")
                .env(account == null || region == null ? null : Environment.builder().account(account).region(region).build())
                .build();
        SessionScalerStack stack = new SessionScalerStack(app, "SessionScaler", props, config);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(1);
    }
}
