package dev.sessionscaler.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.config.ScheduleWindow;
import dev.sessionscaler.core.model.ReasonCode;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RaisedFloorTest {
    static ScheduleWindow window(int minTasks) {
        return new ScheduleWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(7, 0), LocalTime.of(9, 0), ZoneId.of("UTC"), minTasks);
    }

    static LearnedFloor.Floor learned(int minTasks) {
        return new LearnedFloor.Floor(minTasks, minTasks * 9, "learned: " + minTasks);
    }

    @Test
    void aFloorRaisesOnlyWhenItIsAboveMinTasks() {
        assertThat(RaisedFloor.highest(4, window(4), null)).as("equal to minTasks raises nothing").isNull();
        assertThat(RaisedFloor.highest(4, null, learned(4))).isNull();
        assertThat(RaisedFloor.highest(4, window(5), null).minTasks()).isEqualTo(5);
        assertThat(RaisedFloor.highest(4, null, learned(5)).reason()).isEqualTo(ReasonCode.LEARNED_FLOOR);
        assertThat(RaisedFloor.highest(4, null, null)).isNull();
    }

    @Test
    void theHigherFloorHoldsAndOnATieTheScheduleNamesIt() {
        assertThat(RaisedFloor.highest(2, window(8), learned(9)).reason()).isEqualTo(ReasonCode.LEARNED_FLOOR);
        assertThat(RaisedFloor.highest(2, window(9), learned(8)).reason()).isEqualTo(ReasonCode.SCHEDULED_FLOOR);
        assertThat(RaisedFloor.highest(2, window(9), learned(9)).reason()).as("a written schedule is the clearer reason")
                .isEqualTo(ReasonCode.SCHEDULED_FLOOR);
        assertThat(RaisedFloor.highest(2, window(9), null).named()).isEqualTo("the scheduled floor 9 (MON 07:00-09:00 UTC: minTasks 9)");
    }
}
