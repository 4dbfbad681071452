package dev.sessionscaler.sim.scenario;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The scenarios shipped with the simulator (resources {@code scenarios/<name>.json}). */
public final class BuiltInScenarios {
    public static final List<String> NAMES = List.of("rdp-workday", "tag-bursts", "tag-day");

    private BuiltInScenarios() {
    }

    public static Scenario load(String name) {
        try (InputStream in = BuiltInScenarios.class.getResourceAsStream("/scenarios/" + name + ".json")) {
            if (in == null) {
                throw new InvalidInputException("--scenario", "no built-in scenario \"" + name + "\" (built in: "
                        + String.join(", ", NAMES) + "); give a file path for your own");
            }
            return Scenario.fromJson(JsonInput.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Scenario> all() {
        List<Scenario> scenarios = new ArrayList<>();
        NAMES.forEach(name -> scenarios.add(load(name)));
        return scenarios;
    }
}
