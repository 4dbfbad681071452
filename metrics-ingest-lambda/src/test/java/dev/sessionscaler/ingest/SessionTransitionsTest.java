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
    private static final long UNCERTAINTY = SessionTransitions.SNAPSHOT_UNCERTAINTY_MILLIS;

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
    void aStartWellBeforeTheLastHeartbeatIsAlreadyOver() {
        // the heartbeat at 60 s did not list "s": a session that started at 10 s had ended by then
        var plan = SessionTransitions.plan(start("t", "s", 10), Map.of(), at(60));
        assertThat(plan.writes()).isEmpty();
    }

    @Test
    void aStartMomentsBeforeTheLastHeartbeatStaysActiveDoubtIsBusy() {
        // safety issue, item 11: the heartbeat's list may have been built just before the session started
        var plan = SessionTransitions.plan(start("t", "s", 50), Map.of(), at(60));
        assertThat(plan.writes()).containsExactly(new SessionWrite("s", SessionFact.active(at(50)), 1));
        var atTheEdge = SessionTransitions.plan(start("t", "s", 30), Map.of(), at(60));
        assertThat(atTheEdge.writes()).as("a tie with the floor goes to active")
                .containsExactly(new SessionWrite("s", SessionFact.active(at(30)), 1));
    }

    @Test
    void aNewerStartOfAReusedIdMovesItsEvidenceForward() {
        // safety issue, item 19: START 09:00, START 09:10, END 09:02 is active in any order
        var plan = SessionTransitions.plan(start("t", "alice", 600), Map.of("alice", SessionFact.active(at(0))), null);
        assertThat(plan.writes()).containsExactly(new SessionWrite("alice", SessionFact.active(at(600)), 0));
        var lateEnd = SessionTransitions.plan(end("t", "alice", 120), Map.of("alice", SessionFact.active(at(600))), null);
        assertThat(lateEnd.writes()).isEmpty();
    }

    @Test
    void heartbeatOpensListedSessionsAndClosesUnlistedOnesThatStartedWellBefore() {
        var known = Map.of("old", SessionFact.active(at(5)), "kept", SessionFact.active(at(5)),
                "just-started", SessionFact.active(at(40)), "newer", SessionFact.active(at(70)), "gone", SessionFact.ended(at(20)));
        var plan = SessionTransitions.plan(beat("t", 60, "kept", "lost-start"), known, at(0));
        assertThat(plan.writes()).containsExactlyInAnyOrder(
                new SessionWrite("lost-start", SessionFact.active(at(60)), 1),
                new SessionWrite("old", SessionFact.ended(at(60) - UNCERTAINTY), -1));
        assertThat(plan.timeMoves()).as("the listed session's evidence moves to the heartbeat, in the aggregate only")
                .containsExactly(Map.entry("kept", at(60)));
        assertThat(plan.heartbeatAt()).isEqualTo(at(60));
        assertThat(plan.activeDelta()).isZero();
    }

    @Test
    void anOlderHeartbeatIsEvidenceLikeAnyOtherButNotTheLatest() {
        var plan = SessionTransitions.plan(beat("t", 50, "x"), Map.of(), at(60));
        assertThat(plan.writes()).as("listed at 50, after the floor at 30").containsExactly(new SessionWrite("x", SessionFact.active(at(50)), 1));
        assertThat(plan.heartbeatAt()).as("not the task's latest heartbeat").isNull();
        var duplicate = SessionTransitions.plan(beat("t", 60), Map.of(), at(60));
        assertThat(duplicate.changesNothing()).isTrue();
    }

    @Test
    void emptyHeartbeatStillRecordsLiveness() {
        var plan = SessionTransitions.plan(beat("t", 60), Map.of(), null);
        assertThat(plan.writes()).isEmpty();
        assertThat(plan.heartbeatAt()).isEqualTo(at(60));
        assertThat(plan.changesNothing()).isFalse();
    }
}
