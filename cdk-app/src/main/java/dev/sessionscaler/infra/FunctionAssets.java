package dev.sessionscaler.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the functions' jars are: {@code <module>/target/<module>.jar}, built by Maven before synthesis. */
final class FunctionAssets {
    private FunctionAssets() {
    }

    /** The repository root: the nearest folder up from here with {@code cdk.json} in it. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("cdk.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cdk.json not found above " + Path.of("").toAbsolutePath() + ": run from the repository");
        }
        return dir;
    }

    static String jar(String module) {
        Path jar = root().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the functions first (mvn -pl cdk-app -am package -DskipTests)");
        }
        return jar.toString();
    }

    static String integrationTestDefinition() {
        return root().resolve("integration-harness/src/main/resources/integration-test.asl.json").toString();
    }

    static String workflowDefinition() {
        return root().resolve("scaler-steps/src/main/resources/scale-workflow.asl.json").toString();
    }
}
