package dev.sessionscaler.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonInputTest {

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> JsonInput.parseObject("{\"a\": 1,\n \"b\": }"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("malformed JSON: ")
                .hasMessageContaining("line 2");
    }

    @Test
    void documentMustBeAnObject() {
        assertThatThrownBy(() -> JsonInput.parseObject("[1, 2]")).hasMessage("must be a JSON object, got an array");
    }

    @Test
    void nullCountsAsAbsentForOptionalFieldsAndAsMissingForRequiredOnes() {
        JsonInput json = JsonInput.parseObject("{\"a\": null, \"n\": 2.5}");
        assertThat(json.optionalNumber("a")).isNull();
        assertThat(json.optionalInstant("a")).isNull();
        assertThat(json.number("n")).isEqualTo(2.5);
        assertThatThrownBy(() -> json.string("a")).hasMessage("a: is required");
    }

    @Test
    void pathsOfArrayItemsAndNestedObjectsAreReported() {
        JsonInput json = JsonInput.parseObject("{\"items\": [{\"at\": \"2026-01-01T10:00:00Z\"}, {\"at\": \"yesterday\"}]}");
        var items = json.objects("items");
        assertThat(items.get(0).instant("at")).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThatThrownBy(() -> items.get(1).instant("at"))
                .hasMessageStartingWith("items[1].at: must be an ISO-8601 UTC instant")
                .hasMessageContaining("\"yesterday\"");
    }

    @Test
    void blankStringsAndNonStringItemsAreRejected() {
        JsonInput json = JsonInput.parseObject("{\"s\": \"  \", \"list\": [\"a\", 3]}");
        assertThatThrownBy(() -> json.string("s")).hasMessage("s: must not be blank");
        assertThatThrownBy(() -> json.strings("list")).hasMessage("list[1]: must be a non-blank string, got 3");
    }
}
