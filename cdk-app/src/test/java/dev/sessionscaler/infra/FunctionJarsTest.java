package dev.sessionscaler.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployed jars are minimized (unreferenced classes dropped), which cannot see what is loaded only by name: the
 * handler Lambda loads, and the implementations named in {@code META-INF/services}. Checks both in each jar, alone
 * on a class path with only the JDK, as Lambda loads it.
 */
class FunctionJarsTest {
    private static final Map<String, List<String>> HANDLERS = Map.of(
            "metrics-ingest-lambda", List.of("dev.sessionscaler.ingest.SessionIngestHandler"),
            "analyzer-lambda", List.of("dev.sessionscaler.analyzer.AnalyzerHandler"),
            "scaler-steps", ScaleWorkflow.STEPS.keySet().stream().map(ScaleWorkflow::handlerClass).toList(),
            "integration-harness", List.of("dev.sessionscaler.harness.IntegrationTestHandler"));

    @ParameterizedTest
    @ValueSource(strings = {"metrics-ingest-lambda", "analyzer-lambda", "scaler-steps", "integration-harness"})
    void handlersAndServiceProvidersLoadFromTheJarAlone(String module) throws Exception {
        Path jar = Path.of(FunctionAssets.jar(module));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             JarFile file = new JarFile(jar.toFile())) {
            for (String handler : HANDLERS.get(module)) {
                // linking the handler and resolving handleRequest's parameter types loads what its signature needs
                Class<?> type = Class.forName(handler, false, loader);
                assertThat(type.getMethods()).anyMatch(m -> m.getName().equals("handleRequest"));
            }
            List<String> missing = new ArrayList<>();
            for (String provider : serviceProviders(file)) {
                if (file.getEntry(provider.replace('.', '/') + ".class") == null) {
                    missing.add(provider);
                }
            }
            assertThat(missing).as("providers named in META-INF/services but absent from " + jar.getFileName()).isEmpty();
        }
    }

    private static List<String> serviceProviders(JarFile file) throws IOException {
        List<String> providers = new ArrayList<>();
        for (ZipEntry entry : file.stream().filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory()).toList()) {
            try (InputStream in = file.getInputStream(entry)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(l -> l.replaceAll("#.*", "").strip())
                        .filter(l -> !l.isEmpty()).forEach(providers::add);
            }
        }
        return providers;
    }
}
