package dev.sessionscaler.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScalerConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LearnedFloorTest {
    /** 10 sessions a task at 90 %: 9 sessions a task. */
    static final ScalerConfig CONFIG = ScalerConfig.builder(2, 40, 10).targetSessionUtilization(0.9).build();
    /** Monday 2026-01-12 07:50 UTC: slot 15 (07:30-08:00), the next one 16 (08:00-08:30). */
    static final Instant NOW = Instant.parse("2026-01-12T07:50:00Z");
    static final long THIS_WEEK = LearnedFloor.weekOf(NOW);

    @ParameterizedTest(name = "{0}: slot {1}")
    @CsvSource({"2026-01-05T00:00:00Z, 0", "2026-01-05T00:29:59Z, 0", "2026-01-05T08:00:00Z, 16",
            "2026-01-06T00:00:00Z, 48", "2026-01-11T23:45:00Z, 335"})
    void halfHoursOfTheWeekCountFromMondayMidnightUtc(String at, int slot) {
        assertThat(LearnedFloor.slotOf(Instant.parse(at))).isEqualTo(slot);
    }

    @Test
    void weeksStartOnMondayAtMidnightUtc() {
        assertThat(LearnedFloor.weekOf(Instant.parse("2026-01-11T23:59:59Z")) + 1).isEqualTo(LearnedFloor.weekOf(Instant.parse("2026-01-12T00:00:00Z")));
        assertThat(LearnedFloor.weekOf(Instant.parse("2026-01-12T00:00:00Z"))).isEqualTo(LearnedFloor.weekOf(Instant.parse("2026-01-18T23:59:59Z")));
        assertThat(LearnedFloor.weekOf(Instant.parse("1970-01-05T00:00:00Z"))).isZero();
    }

    @Test
    void theBusiestOfTheLastFourWeeksInThisHalfHourOrTheNextSetsTheFloor() {
        List<LearnedFloor.Peaks> peaks = List.of(
                new LearnedFloor.Peaks(15, Map.of(THIS_WEEK - 1, 40, THIS_WEEK - 2, 50)),
                new LearnedFloor.Peaks(16, Map.of(THIS_WEEK - 1, 170, THIS_WEEK - 4, 120)));

        LearnedFloor.Floor floor = LearnedFloor.floor(peaks, NOW, CONFIG);

        assertThat(floor.minTasks()).as("170 sessions at 9 a task").isEqualTo(19);
        assertThat(floor.peakSessions()).isEqualTo(170);
        assertThat(floor.reason()).isEqualTo("learned: 170 sessions at MON 08:00-08:30 UTC, 1 week(s) ago need 19 tasks at 90 % of 10 slots");
    }

    @Test
    void thisWeekAndWeeksOlderThanFourDoNotCount() {
        List<LearnedFloor.Peaks> peaks = List.of(new LearnedFloor.Peaks(16, Map.of(THIS_WEEK, 300, THIS_WEEK - 5, 300, THIS_WEEK - 3, 30)));

        assertThat(LearnedFloor.floor(peaks, NOW, CONFIG).minTasks()).isEqualTo(4);
    }

    @Test
    void nothingLearnedOrNoMoreThanMinTasksIsNoFloorAndMaxTasksBoundsIt() {
        assertThat(LearnedFloor.floor(List.of(), NOW, CONFIG)).isNull();
        assertThat(LearnedFloor.floor(List.of(new LearnedFloor.Peaks(15, Map.of(THIS_WEEK - 1, 18))), NOW, CONFIG)).as("2 tasks: minTasks").isNull();
        assertThat(LearnedFloor.floor(List.of(new LearnedFloor.Peaks(15, Map.of(THIS_WEEK - 1, 10_000))), NOW, CONFIG).minTasks()).isEqualTo(40);
    }

    @Test
    void halfHoursAreNamedForTheAuditRecord() {
        assertThat(LearnedFloor.describe(16)).isEqualTo("MON 08:00-08:30 UTC");
        assertThat(LearnedFloor.describe(47)).isEqualTo("MON 23:30-00:00 UTC");
        assertThat(LearnedFloor.describe(335)).isEqualTo("SUN 23:30-00:00 UTC");
    }

    @Test
    void fourWeeksAgoStillCounts() {
        List<LearnedFloor.Peaks> peaks = List.of(new LearnedFloor.Peaks(15, Map.of(THIS_WEEK - 4, 45)));

        assertThat(LearnedFloor.floor(peaks, NOW, CONFIG).minTasks()).isEqualTo(5);
    }

    @Test
    void whileThePeaksCannotBeReadTheCurrentCountIsHeldWithinTheBounds() {
        assertThat(LearnedFloor.holding(6, CONFIG).minTasks()).isEqualTo(6);
        assertThat(LearnedFloor.holding(6, CONFIG).reason()).contains("could not be read");
        assertThat(LearnedFloor.holding(2, CONFIG)).as("minTasks already holds it").isNull();
        assertThat(LearnedFloor.holding(3, CONFIG).minTasks()).isEqualTo(3);
        assertThat(LearnedFloor.holding(45, CONFIG).minTasks()).as("never above maxTasks").isEqualTo(40);
    }

    @Test
    void theNextHalfHourMayBeInTheNextWeek() {
        Instant sundayLate = Instant.parse("2026-01-18T23:45:00Z");
        long nextWeek = LearnedFloor.weekOf(sundayLate) + 1;
        assertThat(LearnedFloor.slotsAhead(sundayLate)).containsExactly(335, 0);

        LearnedFloor.Floor floor = LearnedFloor.floor(List.of(new LearnedFloor.Peaks(0, Map.of(nextWeek - 1, 90))), sundayLate, CONFIG);

        assertThat(floor.minTasks()).as("last Monday's first half hour, a week before the coming one").isEqualTo(10);
    }
}
