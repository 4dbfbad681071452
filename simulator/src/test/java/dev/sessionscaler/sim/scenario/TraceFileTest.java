package dev.sessionscaler.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.config.InvalidInputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceFileTest {
    private static RecordedTrace parse(String text) {
        return TraceFile.parse(text.lines().toList(), "t.csv");
    }

    @Test
    void csvSessionsArriveAtTheirRecordedTimeAndLastTheirRecordedLength() {
        RecordedTrace trace = parse("""
                end,host,start
                2026-03-02T08:30:00Z,h1,2026-03-02T08:00:00Z

                1772439000,h2,1772438460.75
                2026-03-02T10:00:00+01:00,h1,2026-03-02T08:05:00Z
                """);

        assertThat(trace.start()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(trace.sessions()).containsExactly(
                new SessionTrace.Session(0, 0, 1800),
                new SessionTrace.Session(1, 60, 540),
                new SessionTrace.Session(2, 300, 3300));
        assertThat(trace.spanSeconds()).isEqualTo(3600);
        assertThat(trace.spanMinutes()).as("past the last second, so a session starting then still arrives").isEqualTo(61);
    }

    @Test
    void aSessionThatEndsWhenItStartsLastsOneSecond() {
        assertThat(parse("start,end\n100,100\n").sessions()).containsExactly(new SessionTrace.Session(0, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no end column        | start,stop\\n1,2                          | t.csv: line 1: the CSV header must name a "end" column
            end before start     | start,end\\n100,50                        | t.csv: line 2: end: is before start (50 < 100)
            not a time           | start,end\\n100,soon                      | t.csv: line 2: end: is neither an ISO-8601 instant
            no offset            | start,end\\n2026-03-02T08:00:00,1772438460 | t.csv: line 2: start: is neither an ISO-8601 instant
            empty field          | start,end\\n,100                          | t.csv: line 2: start: is empty
            wrong field count    | start,end\\n1,2,3                         | t.csv: line 2: has 3 fields, the header names 2
            repeated session id  | sessionId,start,end\\na,1,2\\na,3,4       | t.csv: line 3: sessionId: repeats an earlier row's: a
            header only          | start,end                                 | t.csv: the trace holds no session
            nothing              | '  '                                      | t.csv: the trace is empty
            """)
    void badCsvRowsAreRefusedWithTheLineAndField(String what, String text, String message) {
        assertThatThrownBy(() -> parse(text.replace("\\n", "\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith(message);
    }

    @Test
    void jsonLinesPairStartsAndEndsBySessionInTimeOrder() {
        RecordedTrace trace = parse("""
                {"type":"SESSION_ENDED","sessionId":"a","timestamp":"2026-03-02T08:10:00Z","taskArn":"t1"}
                {"type":"SESSION_STARTED","sessionId":"a","timestamp":"2026-03-02T08:00:00Z","taskArn":"t1"}
                {"type":"TASK_HEARTBEAT","timestamp":"2026-03-02T08:30:00Z","activeSessionIds":["b"]}
                {"type":"SESSION_STARTED","sessionId":"b","timestamp":"2026-03-02T08:05:00Z"}
                {"type":"SESSION_STARTED","sessionId":"b","timestamp":"2026-03-02T08:06:00Z"}
                {"type":"SESSION_ENDED","sessionId":"ghost","timestamp":"2026-03-02T08:07:00Z"}
                {"type":"SESSION_STARTED","sessionId":"a","timestamp":"2026-03-02T08:20:00Z"}
                {"type":"SESSION_ENDED","sessionId":"a","timestamp":"2026-03-02T08:25:00Z"}
                """);

        assertThat(trace.sessions()).as("a twice; b never ended, so it lasts to the last event (the heartbeat at 08:30)")
                .containsExactly(new SessionTrace.Session(0, 0, 600), new SessionTrace.Session(1, 300, 1500),
                        new SessionTrace.Session(2, 1200, 300));
        assertThat(trace.startsWithoutEnd()).isEqualTo(1);
        assertThat(trace.endsWithoutStart()).isEqualTo(1);
        assertThat(trace.duplicateStarts()).isEqualTo(1);
        assertThat(trace.describe()).contains("3 sessions over 31 minutes", "1 never ended", "1 ends without a start skipped",
                "1 repeated starts skipped");
    }

    @Test
    void jsonLinesKeepTheSameIdOnTwoTasksApartAndOrderWithinASecond() {
        RecordedTrace trace = parse("""
                {"type":"SESSION_STARTED","taskArn":"t1","sessionId":"a","timestamp":"2026-03-02T08:00:00Z"}
                {"type":"SESSION_STARTED","taskArn":"t2","sessionId":"a","timestamp":"2026-03-02T08:01:00Z"}
                {"type":"SESSION_ENDED","taskArn":"t1","sessionId":"a","timestamp":"2026-03-02T08:05:00Z"}
                {"type":"SESSION_ENDED","taskArn":"t1","sessionId":"a","timestamp":"2026-03-02T08:05:00Z"}
                {"type":"SESSION_ENDED","taskArn":"t2","sessionId":"a","timestamp":"2026-03-02T08:09:00.900Z"}
                {"type":"SESSION_STARTED","taskArn":"t2","sessionId":"b","timestamp":"2026-03-02T08:09:00.100Z"}
                {"type":"SESSION_ENDED","taskArn":"t2","sessionId":"b","timestamp":"2026-03-02T08:09:00.600Z"}
                """);

        assertThat(trace.sessions()).containsExactly(new SessionTrace.Session(0, 0, 300), new SessionTrace.Session(1, 60, 480),
                new SessionTrace.Session(2, 540, 1));
        assertThat(trace.duplicateEnds()).isEqualTo(1);
        assertThat(trace.endsWithoutStart()).isZero();
    }

    @Test
    void aByteOrderMarkIsIgnored() {
        assertThat(parse("\uFEFFstart,end\n100,160\n").sessions()).containsExactly(new SessionTrace.Session(0, 0, 60));
        assertThat(parse("\uFEFF{\"type\":\"SESSION_STARTED\",\"sessionId\":\"a\",\"timestamp\":\"2026-03-02T08:00:00Z\"}")
                .sessions()).hasSize(1);
    }

    @Test
    void aPlaceholderEndOrASpanOfDecadesIsRefusedNamingWhere() {
        assertThatThrownBy(() -> parse("start,end\n2026-03-02T08:00:00Z,9999-12-31T00:00:00Z\n"))
                .hasMessageStartingWith("t.csv: line 2: end: is more than a year after start");
        assertThatThrownBy(() -> parse("start,end\n1,2\n2000000000,2000000001\n"))
                .hasMessageStartingWith("t.csv: spans from 1970-01-01T00:00:01Z to 2033-05-18T03:33:21Z, more than ten years");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json      | {"type":                                                           | t.csv: line 1: is not a JSON object
            unknown type  | {"type":"SESSION_PAUSED","sessionId":"a","timestamp":"2026-03-02T08:00:00Z"} | t.csv: line 1: type: must be SESSION_STARTED, SESSION_ENDED or TASK_HEARTBEAT
            no session id | {"type":"SESSION_STARTED","timestamp":"2026-03-02T08:00:00Z"}     | t.csv: line 1: sessionId: is missing
            bad time      | {"type":"SESSION_ENDED","sessionId":"a","timestamp":"noon"}         | t.csv: line 1: timestamp: is neither
            only ends     | {"type":"SESSION_ENDED","sessionId":"a","timestamp":"2026-03-02T08:00:00Z"} | t.csv: the trace holds no session
            """)
    void badJsonLinesAreRefusedWithTheLineAndField(String what, String line, String message) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith(message);
    }

    @Test
    void aScenarioWithATraceReplaysItsFirstPartWhenGivenADuration() {
        RecordedTrace trace = parse("start,end\n0,600\n120,180\n3000,3600\n");
        Scenario small = ScenarioTest.parse(ScenarioTest.SMALL);
        Scenario replay = small.withTrace(trace);

        assertThat(replay.durationMinutes()).isEqualTo(61);
        assertThat(replay.startsAt()).isEqualTo(Instant.EPOCH);
        assertThat(SessionTrace.generate(replay)).hasSize(3);
        Scenario firstPart = new Scenario(replay.name(), "", replay.seed(), 10, replay.service(), List.of(), null, replay.scaler(), trace, null);
        assertThat(SessionTrace.generate(firstPart)).extracting(SessionTrace.Session::arrivalSecond).containsExactly(0, 120);
    }
}
