package dev.sessionscaler.ingest;

import dev.sessionscaler.core.runtime.Backoff;
import static dev.sessionscaler.ingest.Events.SERVICE;
import static dev.sessionscaler.ingest.Events.T0;
import static dev.sessionscaler.ingest.Events.arn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.model.SessionEvent;
import dev.sessionscaler.core.model.TaskSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Invariant 5: random permutations and duplications of a valid event stream converge to the true
 * state, in the in-memory reference store and in the DynamoDB adapter on DynamoDB Local. A second
 * pair of properties drops STARTs and ENDs at random and lets a final heartbeat repair them. A third
 * pair feeds arbitrary, even contradictory evidence (reused session ids, older heartbeats arriving late)
 * in any order and compares with {@link #lastWriterWins}, a model written apart from the stores; a fourth
 * checks that a heartbeat built a moment before a session started never makes it look over.
 */
class ConvergenceProperties {
    private static LocalDynamoDb dynamo;

    @BeforeContainer
    static void startDynamoDbLocal() {
        dynamo = new LocalDynamoDb();
    }

    @AfterContainer
    static void stopDynamoDbLocal() {
        dynamo.close();
    }

    /** One session's true life on a task, in seconds after T0; end null = still active. */
    record Life(int task, int start, Integer end) {
        boolean activeAt(int second) {
            return start <= second && (end == null || second < end);
        }
    }

    /** A delivered stream and the state it must lead to: active session ids per task ARN. */
    record Scenario(List<SessionEvent> delivered, Map<String, Set<String>> expected) {
    }

    @Property(tries = 1000)
    void shuffledAndDuplicatedEventsConvergeInMemory(@ForAll("complete") Scenario scenario) {
        InMemorySessionStore store = new InMemorySessionStore();
        scenario.delivered().forEach(store::record);
        assertConverged(store.activeSessionIds(SERVICE), store.taskSessions(SERVICE), scenario);
    }

    @Property(tries = 1000)
    void lostEventsAreRepairedByTheNextHeartbeatInMemory(@ForAll("lossy") Scenario scenario) {
        InMemorySessionStore store = new InMemorySessionStore();
        scenario.delivered().forEach(store::record);
        assertConverged(store.activeSessionIds(SERVICE), store.taskSessions(SERVICE), scenario);
    }

    @Property(tries = 60)
    void shuffledAndDuplicatedEventsConvergeOnDynamoDbLocal(@ForAll("complete") Scenario scenario) {
        runOnDynamoDb(scenario);
    }

    @Property(tries = 60)
    void lostEventsAreRepairedByTheNextHeartbeatOnDynamoDbLocal(@ForAll("lossy") Scenario scenario) {
        runOnDynamoDb(scenario);
    }

    @Property(tries = 1000)
    void anyEvidenceInAnyOrderGivesTheLastWriterWinsStateInMemory(@ForAll("arbitrary") Scenario scenario) {
        InMemorySessionStore store = new InMemorySessionStore();
        scenario.delivered().forEach(store::record);
        assertConverged(store.activeSessionIds(SERVICE), store.taskSessions(SERVICE), scenario);
    }

    @Property(tries = 60)
    void anyEvidenceInAnyOrderGivesTheLastWriterWinsStateOnDynamoDbLocal(@ForAll("arbitrary") Scenario scenario) {
        runOnDynamoDb(scenario);
    }

    @Property(tries = 1000)
    void aHeartbeatBuiltJustBeforeASessionStartedNeverEndsItInMemory(@ForAll("lateSnapshot") Scenario scenario) {
        InMemorySessionStore store = new InMemorySessionStore();
        scenario.delivered().forEach(store::record);
        assertConverged(store.activeSessionIds(SERVICE), store.taskSessions(SERVICE), scenario);
    }

    @Property(tries = 60)
    void aHeartbeatBuiltJustBeforeASessionStartedNeverEndsItOnDynamoDbLocal(@ForAll("lateSnapshot") Scenario scenario) {
        runOnDynamoDb(scenario);
    }

    private static void runOnDynamoDb(Scenario scenario) {
        String table = dynamo.newTable();
        DynamoDbSessionStore store = new DynamoDbSessionStore(dynamo.client, table,
                Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC), EventLimits.DEFAULTS,
                new Backoff(5, Duration.ofMillis(1), Duration.ofMillis(5), millis -> { }));
        scenario.delivered().forEach(store::record);
        assertConverged(dynamo.activeIds(table, SERVICE), store.taskSessions(SERVICE), scenario);
    }

    private static void assertConverged(Map<String, Set<String>> actual, Map<String, TaskSessions> aggregates, Scenario scenario) {
        Map<String, Set<String>> nonEmpty = new TreeMap<>();
        actual.forEach((task, ids) -> {
            if (!ids.isEmpty()) {
                nonEmpty.put(task, ids);
            }
        });
        assertThat(nonEmpty).as("active sessions per task").isEqualTo(scenario.expected());
        aggregates.forEach((task, aggregate) -> assertThat(aggregate.activeSessions())
                .as("aggregate count of %s equals its active session items", task)
                .isEqualTo(actual.getOrDefault(task, Set.of()).size()));
    }

    @Provide
    Arbitrary<Scenario> complete() {
        return lives().flatMap(lives -> heartbeatTimes().flatMap(beats -> {
            List<SessionEvent> events = truthEvents(lives, beats);
            return deliveries(events).map(delivered -> new Scenario(delivered, expectedAtEnd(lives)));
        }));
    }

    @Provide
    Arbitrary<Scenario> lossy() {
        return lives().flatMap(lives -> heartbeatTimes().flatMap(beats -> {
            List<SessionEvent> events = truthEvents(lives, beats);
            return Arbitraries.integers().between(0, 2).list().ofSize(events.size()).flatMap(keep -> {
                List<SessionEvent> survivors = new ArrayList<>();
                for (int i = 0; i < events.size(); i++) {
                    boolean sessionEvent = !(events.get(i) instanceof SessionEvent.TaskHeartbeat);
                    if (!sessionEvent || keep.get(i) > 0) {
                        survivors.add(events.get(i));
                    }
                }
                survivors.addAll(finalHeartbeats(lives));
                return deliveries(survivors).map(delivered -> new Scenario(delivered, expectedAtEnd(lives)));
            });
        }));
    }

    /**
     * Arbitrary evidence about a few reused session ids on two tasks: STARTs, ENDs and heartbeats listing any subset,
     * at any times. The expected state is {@link #lastWriterWins} of the whole set, whatever the order.
     */
    @Provide
    Arbitrary<Scenario> arbitrary() {
        Arbitrary<SessionEvent> sessionEvent = Combinators.combine(Arbitraries.integers().between(0, 1),
                        Arbitraries.of("a", "b", "c"), Arbitraries.integers().between(0, 300), Arbitraries.of(true, false))
                .as((task, id, second, started) -> started
                        ? new SessionEvent.SessionStarted(SERVICE, arn("t" + task), id, T0.plusSeconds(second))
                        : new SessionEvent.SessionEnded(SERVICE, arn("t" + task), id, T0.plusSeconds(second)));
        Arbitrary<SessionEvent> heartbeat = Combinators.combine(Arbitraries.integers().between(0, 1),
                        Arbitraries.of("a", "b", "c").set().ofMaxSize(3), Arbitraries.integers().between(0, 300))
                .as((task, ids, second) -> new SessionEvent.TaskHeartbeat(SERVICE, arn("t" + task), new TreeSet<>(ids),
                        T0.plusSeconds(second)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, sessionEvent), net.jqwik.api.Tuple.of(1, heartbeat))
                .list().ofMinSize(1).ofMaxSize(12)
                .flatMap(events -> deliveries(events).map(delivered -> new Scenario(delivered, lastWriterWins(events))));
    }

    /**
     * A session STARTs at t and lives on; the task's heartbeat at t + δ (δ within the snapshot uncertainty) was built
     * a moment before the START and does not list it. Noise: other sessions and earlier truthful heartbeats.
     */
    @Provide
    Arbitrary<Scenario> lateSnapshot() {
        // the documented contract, not the constant: a heartbeat may be stamped up to 30 s after its list was built
        return Combinators.combine(Arbitraries.integers().between(60, 600), Arbitraries.longs().between(0, 30),
                        Arbitraries.integers().between(0, 59).list().ofMaxSize(3))
                .as((start, delta, earlierBeats) -> {
                    List<SessionEvent> events = new ArrayList<>();
                    events.add(new SessionEvent.SessionStarted(SERVICE, arn("t0"), "late", T0.plusSeconds(start)));
                    events.add(new SessionEvent.SessionStarted(SERVICE, arn("t0"), "early", T0));
                    events.add(new SessionEvent.TaskHeartbeat(SERVICE, arn("t0"), Set.of("early"), T0.plusSeconds(start + delta)));
                    for (int beat : earlierBeats) {
                        events.add(new SessionEvent.TaskHeartbeat(SERVICE, arn("t0"), Set.of("early"), T0.plusSeconds(beat)));
                    }
                    return events;
                })
                .flatMap(events -> deliveries(events).map(delivered ->
                        new Scenario(delivered, Map.of(arn("t0"), new TreeSet<>(Set.of("early", "late"))))));
    }

    /**
     * The model: each session is a last-writer-wins register over all its evidence (START, END, listed by a heartbeat:
     * active or ended at that time; not listed by a heartbeat at h: ended at h minus the snapshot uncertainty), the
     * newer evidence winning and "active" winning a tie. Written apart from {@link SessionTransitions} on purpose.
     */
    static Map<String, Set<String>> lastWriterWins(List<SessionEvent> events) {
        Map<String, Map<String, long[]>> best = new TreeMap<>();  // task -> session -> {time, active ? 1 : 0}
        Map<String, Set<String>> mentioned = new TreeMap<>();
        for (SessionEvent e : events) {
            if (e instanceof SessionEvent.SessionStarted s) {
                mentioned.computeIfAbsent(e.taskArn(), t -> new TreeSet<>()).add(s.sessionId());
            } else if (e instanceof SessionEvent.SessionEnded s) {
                mentioned.computeIfAbsent(e.taskArn(), t -> new TreeSet<>()).add(s.sessionId());
            } else {
                mentioned.computeIfAbsent(e.taskArn(), t -> new TreeSet<>()).addAll(((SessionEvent.TaskHeartbeat) e).activeSessionIds());
            }
        }
        for (SessionEvent e : events) {
            long t = e.timestamp().toEpochMilli();
            Map<String, long[]> task = best.computeIfAbsent(e.taskArn(), x -> new TreeMap<>());
            if (e instanceof SessionEvent.SessionStarted s) {
                offer(task, s.sessionId(), t, true);
            } else if (e instanceof SessionEvent.SessionEnded s) {
                offer(task, s.sessionId(), t, false);
            } else {
                Set<String> listed = ((SessionEvent.TaskHeartbeat) e).activeSessionIds();
                for (String id : mentioned.getOrDefault(e.taskArn(), Set.of())) {
                    if (listed.contains(id)) {
                        offer(task, id, t, true);
                    } else {
                        offer(task, id, t - SessionTransitions.SNAPSHOT_UNCERTAINTY_MILLIS, false);
                    }
                }
            }
        }
        Map<String, Set<String>> active = new TreeMap<>();
        best.forEach((task, sessions) -> sessions.forEach((id, evidence) -> {
            if (evidence[1] == 1) {
                active.computeIfAbsent(task, x -> new TreeSet<>()).add(id);
            }
        }));
        return active;
    }

    private static void offer(Map<String, long[]> task, String id, long time, boolean active) {
        long[] current = task.get(id);
        if (current == null || time > current[0] || time == current[0] && active && current[1] == 0) {
            task.put(id, new long[] {time, active ? 1 : 0});
        }
    }

    private static final int TASKS = 3;
    private static final int END_OF_TIME = 2000;

    private Arbitrary<List<Life>> lives() {
        Arbitrary<Life> life = Combinators.combine(
                Arbitraries.integers().between(0, TASKS - 1),
                Arbitraries.integers().between(0, 600),
                Arbitraries.integers().between(1, 600).injectNull(0.4))
                .as((task, start, duration) -> new Life(task, start, duration == null ? null : start + duration));
        return life.list().ofMaxSize(8);
    }

    private Arbitrary<List<Integer>> heartbeatTimes() {
        return Arbitraries.integers().between(0, 1300).list().ofMaxSize(4).uniqueElements();
    }

    private Arbitrary<List<SessionEvent>> deliveries(List<SessionEvent> events) {
        return Arbitraries.integers().between(1, 3).list().ofSize(events.size()).flatMap(copies -> {
            List<SessionEvent> all = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                for (int c = 0; c < copies.get(i); c++) {
                    all.add(events.get(i));
                }
            }
            return Arbitraries.shuffle(all);
        });
    }

    private static List<SessionEvent> truthEvents(List<Life> lives, List<Integer> beats) {
        List<SessionEvent> events = new ArrayList<>();
        for (int i = 0; i < lives.size(); i++) {
            Life life = lives.get(i);
            events.add(new SessionEvent.SessionStarted(SERVICE, arn("t" + life.task()), "s" + i, T0.plusSeconds(life.start())));
            if (life.end() != null) {
                events.add(new SessionEvent.SessionEnded(SERVICE, arn("t" + life.task()), "s" + i, T0.plusSeconds(life.end())));
            }
        }
        for (int second : beats) {
            for (int task = 0; task < TASKS; task++) {
                events.add(snapshot(lives, task, second));
            }
        }
        return events;
    }

    private static List<SessionEvent> finalHeartbeats(List<Life> lives) {
        List<SessionEvent> beats = new ArrayList<>();
        for (int task = 0; task < TASKS; task++) {
            beats.add(snapshot(lives, task, END_OF_TIME));
        }
        return beats;
    }

    private static SessionEvent snapshot(List<Life> lives, int task, int second) {
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < lives.size(); i++) {
            if (lives.get(i).task() == task && lives.get(i).activeAt(second)) {
                ids.add("s" + i);
            }
        }
        return new SessionEvent.TaskHeartbeat(SERVICE, arn("t" + task), ids, T0.plusSeconds(second));
    }

    private static Map<String, Set<String>> expectedAtEnd(List<Life> lives) {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (int i = 0; i < lives.size(); i++) {
            if (lives.get(i).activeAt(END_OF_TIME)) {
                expected.computeIfAbsent(arn("t" + lives.get(i).task()), t -> new TreeSet<>()).add("s" + i);
            }
        }
        return expected;
    }
}
