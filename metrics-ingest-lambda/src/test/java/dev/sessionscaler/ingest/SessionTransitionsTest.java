package dev.sessionscaler.ingest;

import static dev.sessionscaler.ingest.Events.T0;
import static dev.sessionscaler.ingest.Events.beat;
import static dev.sessionscaler.ingest.Events.end;
import static dev.sessionscaler.ingest.Events.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.ingest.SessionTransitions.SessionWrite;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTransitionsTest {
    private static long at(int second) {
        return T0.plusSeconds(second).toEpochMilli();
    }

    @Test
    void startOpensAnUnknownSessionAndIgnoresAKnownOne() {
        assertThat(SessionTransitions.plan(start("t", "s", 5), Map.of(), null).writes())
                .containsExactly(new SessionWrite("s", SessionFact.active(at(5)), 1));
        assertThat(SessionTransitions.plan(start("t", "s", 5), Map.of("s", SessionFact.active(at(5))), null).writes())
                .as("duplicate").isEmpty();
        assertThat(SessionTransitions.plan(start("t", "s", 5), Map.of("s", SessionFact.ended(at(9))), null).writes())
                .as("END already seen").isEmpty();
    }

    @Test
    void endBeforeStartLeavesATombstoneThatTheLateStartCannotRevive() {
        var plan = SessionTransitions.plan(end("t", "s", 9), Map.of(), null);
        assertThat(plan.writes()).containsExactly(new SessionWrite("s", SessionFact.ended(at(9)), 0));
    }

    @Test
    void endClosesAnActiveSession() {
        assertThat(SessionTransitions.plan(end("t", "s", 9), Map.of("s", SessionFact.active(at(5))), null).writes())
                .containsExactly(new SessionWrite("s", SessionFact.ended(at(9)), -1));
    }

    @Test
    void startOlderThanTheLastHeartbeatIsAlreadyOver() {
        // the heartbeat at 60 s did not list "s", so a session that started at 10 s ended before 60 s
        var plan = SessionTransitions.plan(start("t", "s", 10), Map.of(), at(60));
        assertThat(plan.writes()).containsExactly(new SessionWrite("s", SessionFact.ended(at(60)), 0));
        var later = SessionTransitions.plan(start("t", "s2", 60), Map.of(), at(60));
        assertThat(later.writes()).as("a tie goes to active").containsExactly(new SessionWrite("s2", SessionFact.active(at(60)), 1));
    }

    @Test
    void heartbeatOpensListedSessionsAndClosesUnlistedOnes() {
        var known = Map.of("old", SessionFact.active(at(5)), "kept", SessionFact.active(at(5)),
                "newer", SessionFact.active(at(70)), "gone", SessionFact.ended(at(20)));
        var plan = SessionTransitions.plan(beat("t", 60, "kept", "lost-start"), known, at(0));
        assertThat(plan.writes()).containsExactlyInAnyOrder(
                new SessionWrite("lost-start", SessionFact.active(at(60)), 1),
                new SessionWrite("old", SessionFact.ended(at(60)), -1));
        assertThat(plan.heartbeatAt()).isEqualTo(at(60));
        assertThat(plan.activeDelta()).isZero();
    }

    @Test
    void heartbeatNotNewerThanTheLastOneIsIgnored() {
        var plan = SessionTransitions.plan(beat("t", 60, "x"), Map.of(), at(60));
        assertThat(plan.outdated()).isTrue();
        assertThat(plan.changesNothing()).isTrue();
    }

    @Test
    void emptyHeartbeatStillRecordsLiveness() {
        var plan = SessionTransitions.plan(beat("t", 60), Map.of(), null);
        assertThat(plan.writes()).isEmpty();
        assertThat(plan.heartbeatAt()).isEqualTo(at(60));
        assertThat(plan.changesNothing()).isFalse();
    }
}
