package dev.sessionscaler.core.policy;

import static dev.sessionscaler.core.Fleets.NOW;
import static dev.sessionscaler.core.Fleets.arn;
import static dev.sessionscaler.core.Fleets.fleet;
import static dev.sessionscaler.core.Fleets.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.core.Fleets;
import dev.sessionscaler.core.config.ScalerConfig;
import dev.sessionscaler.core.model.TaskLifecycle;
import dev.sessionscaler.core.model.TaskState;
import dev.sessionscaler.core.policy.VictimPlanner.Exclusion;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VictimPlannerTest {
    private final ScalerConfig config = ScalerConfig.builder(0, 10, 10).build();
    private final VictimPlanner planner = new VictimPlanner();

    static Stream<Arguments> notEligible() {
        return Stream.of(
                Arguments.of(Exclusion.BUSY, op(t -> t.sessions(1))),
                Arguments.of(Exclusion.UNKNOWN_SESSIONS, op(t -> t.heartbeatSecondsAgo(181))),
                Arguments.of(Exclusion.UNKNOWN_SESSIONS, op(t -> t.heartbeat(null))),
                Arguments.of(Exclusion.UNKNOWN_SESSIONS, op(t -> t.heartbeat(null).startedMinutesAgo(1))),
                Arguments.of(Exclusion.PROTECTED, op(Fleets.Task::protectedTask)),
                Arguments.of(Exclusion.DRAINING, op(Fleets.Task::draining)),
                Arguments.of(Exclusion.UNHEALTHY, op(Fleets.Task::unhealthy)),
                Arguments.of(Exclusion.NOT_RUNNING, op(t -> t.lifecycle(TaskLifecycle.PENDING))),
                Arguments.of(Exclusion.NOT_RUNNING, op(t -> t.lifecycle(TaskLifecycle.DEACTIVATING))));
    }

    private static UnaryOperator<Fleets.Task> op(UnaryOperator<Fleets.Task> f) {
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notEligible")
    void onlyIdleHealthyUnprotectedKnownRunningTasksAreChosen(Exclusion why, UnaryOperator<Fleets.Task> make) {
        var tasks = fleet(2).with(make.apply(task("bad")), task("good")).snapshot().tasks();

        var plan = planner.plan(tasks, 2, config, NOW);

        assertThat(plan.victims()).extracting(TaskState::taskArn).containsExactly(arn("good"));
        assertThat(plan.partial()).isTrue();
        assertThat(plan.excluded()).containsEntry(why, 1);
    }

    @Test
    void takesFromTheFullestZoneFirstThenTheOldest() {
        var tasks = fleet(5).with(
                task("a-old").az("us-east-1a").startedMinutesAgo(300),
                task("b-oldest").az("us-east-1b").startedMinutesAgo(900),
                task("b-mid").az("us-east-1b").startedMinutesAgo(500),
                task("b-busy").az("us-east-1b").sessions(3),
                task("a-new").az("us-east-1a").startedMinutesAgo(60)).snapshot().tasks();

        var plan = planner.plan(tasks, 3, config, NOW);

        // b has 3 live tasks, a has 2: first b's oldest; then a tie at 2, where b-mid is older than a-old;
        // then a is the fuller zone
        assertThat(plan.victims()).extracting(TaskState::taskArn)
                .containsExactly(arn("b-oldest"), arn("b-mid"), arn("a-old"));
        assertThat(plan.partial()).isFalse();
    }

    @Test
    void drainingTasksDoNotCountTowardTheirZone() {
        var tasks = fleet(4).with(
                task("a1").az("us-east-1a").startedMinutesAgo(100),
                task("a-drain").az("us-east-1a").draining(),
                task("b1").az("us-east-1b").startedMinutesAgo(50),
                task("b2").az("us-east-1b").sessions(1)).snapshot().tasks();

        assertThat(planner.plan(tasks, 1, config, NOW).victims()).extracting(TaskState::taskArn)
                .containsExactly(arn("b1"));
    }

    @Test
    void equalAgeIsBrokenByArnSoThePlanIsDeterministic() {
        var tasks = fleet(2).with(task("z").startedMinutesAgo(10), task("m").startedMinutesAgo(10)).snapshot().tasks();
        assertThat(planner.plan(tasks, 1, config, NOW).victims()).extracting(TaskState::taskArn).containsExactly(arn("m"));
    }

    @Test
    void noEligibleTaskGivesAnEmptyPartialPlan() {
        var tasks = fleet(2).with(task("a").sessions(2), task("b").protectedTask()).snapshot().tasks();
        var plan = planner.plan(tasks, 1, config, NOW);
        assertThat(plan.victims()).isEmpty();
        assertThat(plan.partial()).isTrue();
        assertThat(plan.excluded()).containsEntry(Exclusion.BUSY, 1).containsEntry(Exclusion.PROTECTED, 1);
    }
}
