package dev.sessionscaler.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A strict, path-aware view of one JSON object. Every accessor names the full path of the field in
 * its error, so users see {@code tasks[2].startedAt: must be an ISO-8601 instant} instead of a
 * databinding stack trace. Null counts as absent for optional fields.
 */
public final class JsonInput {
    private final JsonNode node;
    private final String path;

    private JsonInput(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * Parses a whole document that must be one JSON object: duplicate keys and text after it are
     * refused, and the parser's size limits (number length, nesting depth, string length) are
     * reported like any other error, with the place when the parser knows it.
     */
    public static JsonInput parseObject(String text) {
        JsonNode root;
        try {
            root = Json.STRICT_INPUT.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException("", "too large to accept: " + e.getOriginalMessage() + where(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("", "malformed JSON: " + e.getOriginalMessage() + where(e.getLocation()));
        }
        return wrapObject(root, "");
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Wraps an already parsed node that must be an object. */
    public static JsonInput wrapObject(JsonNode node, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new InvalidInputException(path, "a JSON object is required");
        }
        if (!node.isObject()) {
            throw new InvalidInputException(path, "must be a JSON object, got " + describe(node));
        }
        return new JsonInput(node, path);
    }

    public String path() {
        return path;
    }

    public JsonNode node() {
        return node;
    }

    /** Rejects fields this reader does not know, so a typo never silently falls back to a default. */
    public JsonInput rejectUnknownFields(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidInputException(at(name), "unknown field (known fields: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public JsonInput object(String field) {
        return wrapObject(required(field), at(field));
    }

    public Optional<JsonInput> optionalObject(String field) {
        return has(field) ? Optional.of(object(field)) : Optional.empty();
    }

    public List<JsonInput> objects(String field) {
        List<JsonInput> result = new ArrayList<>();
        JsonNode array = requiredArray(field);
        for (int i = 0; i < array.size(); i++) {
            result.add(wrapObject(array.get(i), at(field) + "[" + i + "]"));
        }
        return result;
    }

    public List<String> strings(String field) {
        List<String> result = new ArrayList<>();
        JsonNode array = requiredArray(field);
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new InvalidInputException(at(field) + "[" + i + "]", "must be a non-blank string, got " + describe(item));
            }
            result.add(item.asText());
        }
        return result;
    }

    public String string(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw new InvalidInputException(at(field), "must be a string, got " + describe(value));
        }
        if (value.asText().isBlank()) {
            throw new InvalidInputException(at(field), "must not be blank");
        }
        return value.asText();
    }

    public int integer(String field) {
        return toInt(field, required(field));
    }

    public int integer(String field, int defaultValue) {
        return has(field) ? integer(field) : defaultValue;
    }

    public Integer optionalInteger(String field) {
        return has(field) ? integer(field) : null;
    }

    public double number(String field) {
        JsonNode value = required(field);
        if (!value.isNumber()) {
            throw new InvalidInputException(at(field), "must be a number, got " + describe(value));
        }
        double result = value.asDouble();
        if (!Double.isFinite(result)) {
            throw new InvalidInputException(at(field), "must be a finite number");
        }
        return result;
    }

    public double number(String field, double defaultValue) {
        return has(field) ? number(field) : defaultValue;
    }

    public Double optionalNumber(String field) {
        return has(field) ? number(field) : null;
    }

    /** An optional number that must not be negative (percentages, counts read as numbers). */
    public Double optionalNonNegativeNumber(String field) {
        Double value = optionalNumber(field);
        if (value != null && value < 0) {
            throw new InvalidInputException(at(field), "must be at least 0, got " + value);
        }
        return value;
    }

    public boolean bool(String field) {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw new InvalidInputException(at(field), "must be true or false, got " + describe(value));
        }
        return value.asBoolean();
    }

    public boolean bool(String field, boolean defaultValue) {
        return has(field) ? bool(field) : defaultValue;
    }

    /** An ISO-8601 instant in UTC, written with {@code Z}: an offset is refused, never silently converted. */
    public Instant instant(String field) {
        String text = string(field);
        Instant parsed = null;
        try {
            parsed = Instant.parse(text);
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (parsed == null || !text.endsWith("Z")) {
            throw new InvalidInputException(at(field), "must be an ISO-8601 UTC instant ending in Z, such as 2026-01-01T10:00:00Z, got \""
                    + abbreviate(text) + "\"" + (parsed != null ? " (an offset: write the time in UTC)" : ""));
        }
        return parsed;
    }

    public Instant optionalInstant(String field) {
        return has(field) ? instant(field) : null;
    }

    /** The path of a child field, for callers that validate values themselves. */
    public String at(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidInputException(at(field), "is required");
        }
        return value;
    }

    private JsonNode requiredArray(String field) {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw new InvalidInputException(at(field), "must be a JSON array, got " + describe(value));
        }
        return value;
    }

    private int toInt(String field, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidInputException(at(field), "must be a whole number, got " + describe(value));
        }
        return value.asInt();
    }

    private static String describe(JsonNode value) {
        JsonNodeType type = value.getNodeType();
        return switch (type) {
            case STRING -> "the string \"" + abbreviate(value.asText()) + "\"";
            case NUMBER, BOOLEAN -> value.toString();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> type.name().toLowerCase();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
