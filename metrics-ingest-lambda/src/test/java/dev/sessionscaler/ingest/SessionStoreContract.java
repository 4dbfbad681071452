package dev.sessionscaler.ingest;

import static dev.sessionscaler.ingest.Events.SERVICE;
import static dev.sessionscaler.ingest.Events.T0;
import static dev.sessionscaler.ingest.Events.arn;
import static dev.sessionscaler.ingest.Events.beat;
import static dev.sessionscaler.ingest.Events.end;
import static dev.sessionscaler.ingest.Events.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.model.ServiceRef;
import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.model.TaskSessions;
import dev.sessionscaler.core.model.TaskUsage;
import dev.sessionscaler.core.port.SessionRecorder;
import dev.sessionscaler.core.port.SessionStore;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every session store must do (invariant 5). Run against the in-memory store and against
 * DynamoDB Local, so the real adapter is held to the same rules as the reference model.
 */
abstract class SessionStoreContract<S extends SessionStore & SessionRecorder> {

    /** A fresh, empty store. */
    protected abstract S store();

    /** Active session ids per task of the service, read from the stored session items. */
    protected abstract Map<String, Set<String>> activeIds(S store, ServiceRef service);

    private S record(S store, SessionEvent... events) {
        for (SessionEvent event : events) {
            store.record(event);
        }
        return store;
    }

    private int count(S store, String task) {
        TaskSessions sessions = store.taskSessions(SERVICE).get(arn(task));
        return sessions == null ? 0 : sessions.activeSessions();
    }

    @Test
    void duplicatesChangeNothing() {
        S store = record(store(), start("a", "s1", 1), start("a", "s1", 1), start("a", "s2", 2), end("a", "s2", 3), end("a", "s2", 3));
        assertThat(count(store, "a")).isEqualTo(1);
        assertThat(activeIds(store, SERVICE)).containsEntry(arn("a"), Set.of("s1"));
    }

    @Test
    void endBeforeStartNeverCreatesAPhantom() {
        S store = record(store(), end("a", "s1", 9), start("a", "s1", 1));
        assertThat(count(store, "a")).isZero();
        assertThat(activeIds(store, SERVICE).getOrDefault(arn("a"), Set.of())).isEmpty();
    }

    @Test
    void recordingReportsWhatChanged() {
        S store = store();
        assertThat(store.record(start("a", "s1", 1))).isEqualTo(new SessionRecorder.Recorded(1, 0));
        assertThat(store.record(start("a", "s1", 1))).isEqualTo(SessionRecorder.Recorded.NOTHING);
        assertThat(store.record(beat("a", 60, "s2"))).isEqualTo(new SessionRecorder.Recorded(1, 1));
    }

    @Test
    void heartbeatRepairsLostStartsAndLostEnds() {
        // s1 started (START lost), s2 started and ended (END lost): the snapshot at 60 s says only s1
        S store = record(store(), start("a", "s2", 2), beat("a", 60, "s1"));
        assertThat(count(store, "a")).isEqualTo(1);
        assertThat(activeIds(store, SERVICE)).containsEntry(arn("a"), Set.of("s1"));
        assertThat(store.taskSessions(SERVICE).get(arn("a")).lastHeartbeat()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void anOlderHeartbeatArrivingLateChangesNothing() {
        S store = record(store(), beat("a", 120, "s1"), beat("a", 60, "s0", "s1"));
        assertThat(activeIds(store, SERVICE)).containsEntry(arn("a"), Set.of("s1"));
        assertThat(store.taskSessions(SERVICE).get(arn("a")).lastHeartbeat()).isEqualTo(T0.plusSeconds(120));
    }

    /*
     * What a late END finds: each session's evidence must be kept exactly, also where the DynamoDB store keeps it
     * implicitly (the newest heartbeat's time for the sessions it listed) rather than per session.
     */

    @Test
    void aSessionStartedAfterTheNewestHeartbeatKeepsItsOwnNewerEvidence() {
        S store = record(store(), start("a", "s1", 100), beat("a", 90), end("a", "s1", 95));
        assertThat(activeIds(store, SERVICE).getOrDefault(arn("a"), Set.of())).as("active at 100 is newer than ended at 95")
                .containsExactly("s1");
    }

    @Test
    void aSessionLeftOffTheNewestHeartbeatWithinItsDoubtKeepsItsOwnOlderEvidence() {
        S store = record(store(), start("a", "s1", 70), beat("a", 90), end("a", "s1", 80));
        assertThat(activeIds(store, SERVICE).getOrDefault(arn("a"), Set.of())).as("ended at 80 is newer than active at 70")
                .isEmpty();
    }

    @Test
    void aSessionTheNewestHeartbeatListedHasThatHeartbeatsTime() {
        S store = record(store(), start("a", "s1", 70), beat("a", 90, "s1"), end("a", "s1", 80));
        assertThat(activeIds(store, SERVICE).getOrDefault(arn("a"), Set.of())).as("active at 90 is newer than ended at 80")
                .containsExactly("s1");
    }

    @Test
    void aSessionListedByTheLastHeartbeatButNotByOneSoonAfterKeepsTheTimeItWasListed() {
        S store = record(store(), start("a", "s1", 10), beat("a", 30, "s1"), beat("a", 50), end("a", "s1", 40));
        assertThat(activeIds(store, SERVICE).getOrDefault(arn("a"), Set.of())).as("ended at 40 is newer than active at 30")
                .isEmpty();
        S other = record(store(), start("a", "s1", 10), beat("a", 30, "s1"), beat("a", 50), end("a", "s1", 25));
        assertThat(activeIds(other, SERVICE).getOrDefault(arn("a"), Set.of())).as("active at 30 is newer than ended at 25")
                .containsExactly("s1");
    }

    @Test
    void theUsageKeptIsWhatTheNewestHeartbeatReportedAndNoneWhenItReportedNone() {
        S store = store();
        TaskUsage first = new TaskUsage(40, 50);
        store.record(beat("a", 60, first, "s1"));
        assertThat(usage(store)).as("a new aggregate").isEqualTo(first);
        store.record(beat("a", 120, new TaskUsage(70.5, 55), "s1"));
        assertThat(usage(store)).as("the same sessions (DynamoDB: the one-update path)").isEqualTo(new TaskUsage(70.5, 55));
        store.record(beat("a", 90, new TaskUsage(5, 5), "s1", "s2"));
        assertThat(usage(store)).as("an older heartbeat arriving late").isEqualTo(new TaskUsage(70.5, 55));
        store.record(start("a", "s3", 130));
        assertThat(usage(store)).as("a session event").isEqualTo(new TaskUsage(70.5, 55));
        store.record(beat("a", 180));
        assertThat(usage(store)).as("the newest heartbeat reported none (and ended sessions)").isNull();
        store.record(beat("a", 240, new TaskUsage(1, 2)));
        assertThat(usage(store)).isEqualTo(new TaskUsage(1, 2));
        store.record(beat("a", 300));
        assertThat(usage(store)).as("the newest heartbeat reported none (one-update path)").isNull();
    }

    private TaskUsage usage(S store) {
        return store.taskSessions(SERVICE).get(arn("a")).usage();
    }

    @Test
    void freshnessIsWhenAwsReceivedTheHeartbeatNotTheTasksClock() {
        // safety issue, item 12: a task whose clock runs ten minutes behind still reports fresh knowledge
        S store = store();
        store.record(beat("a", 0, "s1"), T0.plusSeconds(600));
        assertThat(store.taskSessions(SERVICE).get(arn("a")).lastHeartbeat()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void aTaskWhoseClockStepsBackIsNotFreshUntilItsClockCatchesUp() {
        // its clock ran 25 s ahead, then stepped back: its next heartbeats are older than the last one by its clock
        S store = store();
        store.record(beat("a", 25), T0);
        store.record(beat("a", 10, "s1"), T0.plusSeconds(45));
        store.record(beat("a", 20, "s1"), T0.plusSeconds(55));
        TaskSessions task = store.taskSessions(SERVICE).get(arn("a"));
        assertThat(task.activeSessions()).as("what the heartbeats say is still evidence").isEqualTo(1);
        assertThat(task.lastHeartbeat()).as("but the aggregate is not fresher than the last heartbeat that was the newest")
                .isEqualTo(T0);
        store.record(beat("a", 85, "s1"), T0.plusSeconds(85));
        assertThat(store.taskSessions(SERVICE).get(arn("a")).lastHeartbeat()).isEqualTo(T0.plusSeconds(85));
    }

    @Test
    void aStartOlderThanTheLastHeartbeatThatLackedItIsNotActive() {
        S store = record(store(), beat("a", 60), start("a", "s1", 10));
        assertThat(count(store, "a")).isZero();
    }

    @Test
    void aStartMomentsBeforeAHeartbeatThatLackedItIsActiveInAnyOrder() {
        // safety issue, item 11: the heartbeat's list was built a moment before the session started
        assertThat(count(record(store(), beat("a", 60), start("a", "s1", 55)), "a")).isEqualTo(1);
        assertThat(count(record(store(), start("a", "s1", 55), beat("a", 60)), "a")).isEqualTo(1);
        assertThat(count(record(store(), start("a", "s1", 55), beat("a", 60), beat("a", 120)), "a"))
                .as("until a later heartbeat says otherwise").isZero();
    }

    @Test
    void aReusedSessionIdEndsTheSameWhateverTheOrder() {
        // safety issue, item 19: START alice 09:00, START alice 09:10, END alice 09:02
        SessionEvent first = start("a", "alice", 0);
        SessionEvent second = start("a", "alice", 600);
        SessionEvent end = end("a", "alice", 120);
        for (SessionEvent[] order : new SessionEvent[][] {{first, second, end}, {first, end, second}, {end, second, first},
                {second, end, first}}) {
            assertThat(count(record(store(), order), "a")).as(java.util.Arrays.toString(order)).isEqualTo(1);
        }
    }

    @Test
    void aSessionThatStartedAfterTheHeartbeatSurvivesIt() {
        S store = record(store(), start("a", "s1", 70), beat("a", 60));
        assertThat(count(store, "a")).isEqualTo(1);
    }

    @Test
    void tasksAreCountedSeparatelyAndReadPerService() {
        S store = record(store(), start("a", "s1", 1), start("b", "s1", 1), start("b", "s2", 2),
                new SessionEvent.SessionStarted(new ServiceRef("demo", "vnc"), arn("c"), "s9", T0));
        Map<String, TaskSessions> tasks = store.taskSessions(SERVICE);
        assertThat(tasks).containsOnlyKeys(arn("a"), arn("b"));
        assertThat(tasks.get(arn("b")).activeSessions()).isEqualTo(2);
        assertThat(tasks.get(arn("a")).lastHeartbeat()).as("no heartbeat yet").isNull();
    }

    @Test
    void purgeRemovesTasksEcsNoLongerRuns() {
        S store = record(store(), start("a", "s1", 1), start("dead", "s1", 1), start("dead", "s2", 2), beat("dead", 60, "s1"));
        assertThat(store.purgeTasksNotIn(SERVICE, Set.of(arn("a")))).isEqualTo(1);
        assertThat(store.taskSessions(SERVICE)).containsOnlyKeys(arn("a"));
        assertThat(activeIds(store, SERVICE)).doesNotContainKey(arn("dead"));
        assertThat(store.purgeTasksNotIn(SERVICE, Set.of(arn("a")))).as("idempotent").isZero();
    }
}
