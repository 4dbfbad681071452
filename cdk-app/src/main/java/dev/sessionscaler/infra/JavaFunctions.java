package dev.sessionscaler.infra;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** The one way functions are made here: java21 on arm64, X-Ray, a log group kept a month. */
final class JavaFunctions {
    private JavaFunctions() {
    }

    static Function create(Construct scope, String id, String module, String handler, int memoryMb, Duration timeout,
                           Map<String, String> environment) {
        return create(scope, id, module, handler, memoryMb, timeout, environment, false);
    }

    /** With a role made beforehand (its ARN is needed before the function exists). */
    static Function create(Construct scope, String id, String module, String handler, int memoryMb, Duration timeout,
                           Map<String, String> environment, IRole role) {
        return builder(scope, id, module, handler, memoryMb, timeout, environment).role(role).build();
    }

    /**
     * @param snapStart restore from a snapshot instead of starting the JVM (no extra charge for Java): for functions
     *                  that are mostly cold or scale out in bursts; callers must invoke the published version
     */
    static Function create(Construct scope, String id, String module, String handler, int memoryMb, Duration timeout,
                           Map<String, String> environment, boolean snapStart) {
        return builder(scope, id, module, handler, memoryMb, timeout, environment)
                .snapStart(snapStart ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .build();
    }

    private static Function.Builder builder(Construct scope, String id, String module, String handler, int memoryMb, Duration timeout,
                                            Map<String, String> environment) {
        LogGroup logs = LogGroup.Builder.create(scope, id + "Logs").retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        return Function.Builder.create(scope, id)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(FunctionAssets.jar(module)))
                .handler(handler)
                .memorySize(memoryMb)
                .timeout(timeout)
                .environment(environment)
                .tracing(Tracing.ACTIVE)
                .logGroup(logs);
    }
}
