package dev.sessionscaler.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScheduleWindowTest {
    static ScheduleWindow window(String days, String from, String to, String zone, int minTasks) {
        StringBuilder list = new StringBuilder();
        for (String d : days.split(" ")) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(d).append('"');
        }
        return ScheduleWindow.fromJson(JsonInput.parseObject("{\"days\": [" + list + "], \"from\": \"" + from + "\", \"to\": \"" + to
                + "\", \"timeZone\": \"" + zone + "\", \"minTasks\": " + minTasks + "}"));
    }

    @ParameterizedTest(name = "{0} {1}-{2} {3} at {4}: {5}")
    @CsvSource({
            // a morning window in Berlin (UTC+1 in winter, UTC+2 in summer); 2026-01-05 is a Monday
            "MON TUE WED THU FRI, 07:30, 09:30, Europe/Berlin, 2026-01-05T06:29:59Z, false",
            "MON TUE WED THU FRI, 07:30, 09:30, Europe/Berlin, 2026-01-05T06:30:00Z, true",
            "MON TUE WED THU FRI, 07:30, 09:30, Europe/Berlin, 2026-01-05T08:29:59Z, true",
            "MON TUE WED THU FRI, 07:30, 09:30, Europe/Berlin, 2026-01-05T08:30:00Z, false",
            "MON TUE WED THU FRI, 07:30, 09:30, Europe/Berlin, 2026-01-10T06:45:00Z, false",
            "MON TUE WED THU FRI, 07:30, 09:30, Europe/Berlin, 2026-07-06T05:30:00Z, true",
            "MON TUE WED THU FRI, 07:30, 09:30, Europe/Berlin, 2026-07-06T06:30:00Z, true",
            "MON TUE WED THU FRI, 07:30, 09:30, Europe/Berlin, 2026-07-06T07:30:00Z, false",
            // past midnight: the days are the days it starts on
            "FRI, 22:00, 02:00, UTC, 2026-01-09T21:59:00Z, false",
            "FRI, 22:00, 02:00, UTC, 2026-01-09T23:00:00Z, true",
            "FRI, 22:00, 02:00, UTC, 2026-01-10T01:59:00Z, true",
            "FRI, 22:00, 02:00, UTC, 2026-01-10T02:00:00Z, false",
            "FRI, 22:00, 02:00, UTC, 2026-01-10T23:00:00Z, false",
            "FRI, 22:00, 02:00, UTC, 2026-01-08T01:00:00Z, false",
            // to equal to from: 24 hours, from Monday 00:00 to Tuesday 00:00, with no gap at 23:59
            "MON, 00:00, 00:00, UTC, 2026-01-05T00:00:00Z, true",
            "MON, 00:00, 00:00, UTC, 2026-01-05T23:59:30Z, true",
            "MON, 00:00, 00:00, UTC, 2026-01-06T00:00:00Z, false",
            "MON TUE, 00:00, 00:00, UTC, 2026-01-06T23:59:59Z, true",
            // New York: the day clocks go forward (2026-03-08, 02:00 -> 03:00) the window 02:00-03:00 does not happen
            "SUN, 02:00, 03:00, America/New_York, 2026-03-08T06:30:00Z, false",
            "SUN, 02:00, 03:00, America/New_York, 2026-03-08T07:30:00Z, false",
            "SUN, 02:00, 04:00, America/New_York, 2026-03-08T07:30:00Z, true",
            // the day they go back (2026-11-01, 02:00 -> 01:00) 01:00-02:00 happens twice, and so does the window
            "SUN, 01:00, 02:00, America/New_York, 2026-11-01T05:30:00Z, true",
            "SUN, 01:00, 02:00, America/New_York, 2026-11-01T06:30:00Z, true",
            "SUN, 01:00, 02:00, America/New_York, 2026-11-01T07:30:00Z, false"})
    void isOnWhenItsLocalTimeSays(String days, String from, String to, String zone, String at, boolean active) {
        assertThat(window(days, from, to, zone, 3).isActive(Instant.parse(at))).isEqualTo(active);
    }

    @Test
    void overlappingWindowsTheHighestFloorWinsAndOnlyAboveMinTasks() {
        ScalerConfig config = ScalerConfig.builder(4, 20, 10).schedules(java.util.List.of(
                window("MON", "07:00", "10:00", "UTC", 8), window("MON", "08:00", "09:00", "UTC", 12),
                window("MON", "12:00", "13:00", "UTC", 3))).build();

        assertThat(config.raisingWindow(Instant.parse("2026-01-05T07:30:00Z"))).map(ScheduleWindow::minTasks).contains(8);
        assertThat(config.raisingWindow(Instant.parse("2026-01-05T08:30:00Z"))).map(ScheduleWindow::minTasks).contains(12);
        assertThat(config.at(Instant.parse("2026-01-05T08:30:00Z")).minTasks()).isEqualTo(12);
        assertThat(config.raisingWindow(Instant.parse("2026-01-05T12:30:00Z"))).as("3 is below minTasks 4").isEmpty();
        assertThat(config.at(Instant.parse("2026-01-05T12:30:00Z"))).isSameAs(config);
        assertThat(config.at(Instant.parse("2026-01-05T08:30:00Z")).schedules()).hasSize(3);
    }

    @Test
    void aWindowReadsBackAsItWasWrittenAndMayHoldAFloorOfZero() {
        ScalerConfig config = ScalerConfig.fromJson(JsonInput.parseObject("{\"minTasks\": 0, \"maxTasks\": 20, \"sessionsPerTask\": 10,"
                + " \"schedules\": [{\"days\": [\"SAT\", \"MON\"], \"from\": \"22:00\", \"to\": \"06:30\","
                + " \"timeZone\": \"Europe/Berlin\", \"minTasks\": 0}]}"));

        String written = Json.write(config);

        assertThat(written).contains("\"schedules\":[{\"days\":[\"MON\",\"SAT\"],\"from\":\"22:00\",\"to\":\"06:30\","
                + "\"timeZone\":\"Europe/Berlin\",\"minTasks\":0}]");
        assertThat(ScalerConfig.fromJson(JsonInput.parseObject(written))).isEqualTo(config);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"days\": [], \"from\": \"07:00\", \"to\": \"09:00\", \"timeZone\": \"UTC\", \"minTasks\": 2}|config.schedules[0].days: must name at least one day",
            "{\"days\": [\"MONDAY\"], \"from\": \"07:00\", \"to\": \"09:00\", \"timeZone\": \"UTC\", \"minTasks\": 2}|config.schedules[0].days: \"MONDAY\" is not a day",
            "{\"days\": [\"MON\", \"MON\"], \"from\": \"07:00\", \"to\": \"09:00\", \"timeZone\": \"UTC\", \"minTasks\": 2}|config.schedules[0].days: MON is named twice",
            "{\"days\": [\"MON\"], \"from\": \"7:00\", \"to\": \"09:00\", \"timeZone\": \"UTC\", \"minTasks\": 2}|config.schedules[0].from: must be a time of day as HH:MM",
            "{\"days\": [\"MON\"], \"from\": \"07:00\", \"to\": \"24:00\", \"timeZone\": \"UTC\", \"minTasks\": 2}|config.schedules[0].to: must be a time of day as HH:MM",
            "{\"days\": [\"MON\"], \"from\": \"07:00\", \"to\": \"09:00\", \"timeZone\": \"+02:00\", \"minTasks\": 2}|config.schedules[0].timeZone: \"+02:00\" is not an IANA time zone id",
            "{\"days\": [\"MON\"], \"from\": \"07:00\", \"to\": \"09:00\", \"timeZone\": \"UTC\", \"minTasks\": 21}|config.schedules[0].minTasks: must not exceed maxTasks (21 > 20)",
            "{\"days\": [\"MON\"], \"from\": \"07:00\", \"to\": \"09:00\", \"timeZone\": \"UTC\", \"min\": 2}|config.schedules[0].min: unknown field"})
    void invalidWindowsAreRefusedNamingTheField(String window, String message) {
        assertThatThrownBy(() -> ScalerConfig.fromJson(JsonInput.parseObject(
                "{\"config\": {\"minTasks\": 2, \"maxTasks\": 20, \"sessionsPerTask\": 10, \"schedules\": [" + window + "]}}").object("config")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith(message);
    }
}
