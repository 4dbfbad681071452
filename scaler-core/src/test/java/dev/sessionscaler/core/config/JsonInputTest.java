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

    @Test
    void aKeyGivenTwiceIsRefusedNotLastOneWins() {
        assertThatThrownBy(() -> JsonInput.parseObject("{\"minTasks\": 2, \"minTasks\": 3}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("malformed JSON: Duplicate field 'minTasks'");
    }

    @Test
    void textAfterTheDocumentIsRefused() {
        assertThatThrownBy(() -> JsonInput.parseObject("{\"a\": 1} {\"b\": 2}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("malformed JSON: Trailing token");
    }

    @Test
    void theParsersSizeLimitsAreClearErrorsNotCrashes() {
        String longNumber = "{\"n\": " + "9".repeat(1500) + "}";
        String deep = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
        String hugeString = "{\"s\": \"" + "x".repeat(30 * 1024 * 1024) + "\"}";
        for (String text : new String[] {longNumber, deep, hugeString}) {
            assertThatThrownBy(() -> JsonInput.parseObject(text))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("too large to accept: ");
        }
    }

    @Test
    void anInstantWithAnOffsetIsRefusedNotConverted() {
        JsonInput json = JsonInput.parseObject("{\"at\": \"2026-01-01T12:00:00+02:00\", \"ok\": \"2026-01-01T10:00:00.250Z\"}");
        assertThatThrownBy(() -> json.instant("at"))
                .hasMessageStartingWith("at: must be an ISO-8601 UTC instant ending in Z")
                .hasMessageContaining("an offset");
        assertThat(json.instant("ok")).isEqualTo(Instant.parse("2026-01-01T10:00:00.250Z"));
    }
}
