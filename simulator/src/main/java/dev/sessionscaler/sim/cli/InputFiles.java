package dev.sessionscaler.sim.cli;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/** Reads CLI input files ({@code -} is stdin) and prefixes every validation error with the file name. */
final class InputFiles {
    private InputFiles() {
    }

    static String read(String option, String file, InputStream stdin) {
        try {
            if ("-".equals(file)) {
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(option, "no such file: " + file);
        } catch (IOException e) {
            throw new InvalidInputException(option, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Parses a JSON object document with {@code reader}; errors read like {@code fleet.json: tasks[0].taskArn: …}. */
    static <T> T parse(String option, String file, InputStream stdin, Function<JsonInput, T> reader) {
        String text = read(option, file, stdin);
        String name = "-".equals(file) ? "<stdin>" : file;
        try {
            return reader.apply(JsonInput.parseObject(text));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.path().isEmpty() ? name : name + ": " + e.path(), e.problem());
        }
    }
}
