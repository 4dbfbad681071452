package dev.sessionscaler.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionscaler.core.config.InvalidInputException;
import dev.sessionscaler.core.config.JsonInput;
import dev.sessionscaler.core.drain.TargetGroupFacts;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class ScenarioTest {
    /** A small valid scenario; other tests derive theirs from it. */
    public static final String SMALL = """
            {"name": "small", "seed": 7, "durationMinutes": 120,
             "service": {"minTasks": 1, "maxTasks": 10, "initialTasks": 1, "sessionsPerTask": 5, "taskStartSeconds": 60,
                         "healthCheckSeconds": 20, "deregistrationDelaySeconds": 300, "baseCpuPercent": 5,
                         "cpuPerSessionPercent": 10, "availabilityZones": ["a", "b"]},
             "arrivals": [{"atMinute": 0, "sessionsPerMinute": 1}, {"atMinute": 60, "sessionsPerMinute": 3}],
             "sessionMinutes": {"median": 20, "p95": 60}}
            """;

    static Scenario parse(String json) {
        return Scenario.fromJson(JsonInput.parseObject(json));
    }

    @Test
    void readsTheDocumentedFormatAndDefaultsTheScalerFromTheService() {
        Scenario scenario = parse(SMALL);
        assertThat(scenario.service().sessionsPerTask()).isEqualTo(5);
        assertThat(scenario.scaler().minTasks()).isEqualTo(1);
        assertThat(scenario.scaler().maxTasks()).isEqualTo(10);
        assertThat(scenario.scaler().sessionsPerTask()).isEqualTo(5);
        assertThat(scenario.arrivals()).hasSize(2);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "\"durationMinutes\": 120|\"durationMinutes\": 0|durationMinutes: must be between 1 and 20160 (14 days)",
            "\"initialTasks\": 1|\"initialTasks\": 11|service.initialTasks: must be within [minTasks, maxTasks]",
            "\"median\": 20, \"p95\": 60|\"median\": 20, \"p95\": 10|sessionMinutes.p95: must be more than the median",
            "{\"atMinute\": 60, \"sessionsPerMinute\": 3}|{\"atMinute\": 0, \"sessionsPerMinute\": 3}|arrivals[1].atMinute: must increase",
            "\"sessionsPerMinute\": 3|\"sessionsPerMinute\": -1|arrivals[1].sessionsPerMinute: must be between 0 and 10000",
            "\"seed\": 7|\"seed\": \"lucky\"|seed: must be a whole number",
            "\"baseCpuPercent\": 5|\"baseCpuPercent\": 150|service.baseCpuPercent: must be a percentage",
            "\"availabilityZones\": [\"a\", \"b\"]|\"availabilityZones\": []|service.availabilityZones: must name at least one zone",
            "\"deregistrationDelaySeconds\": 300|\"deregistrationDelaySeconds\": 3601|service.deregistrationDelaySeconds: must be between 0 and 3600",
            "\"deregistrationDelaySeconds\": 300|\"deregistrationDelaySeconds\": 300, \"loadBalancer\": \"CLB\"|service.loadBalancer: must be ALB or NLB",
            "\"deregistrationDelaySeconds\": 300|\"deregistrationDelaySeconds\": 300, \"connectionTermination\": true|service.connectionTermination: only applies to an NLB",
            "\"deregistrationDelaySeconds\": 300|\"deregistrationDelaySeconds\": 300, \"deregistrationLagSeconds\": 301|service.deregistrationLagSeconds: must be between 0 and 300",
            "\"name\": \"small\"|\"nom\": \"small\"|nom: unknown field",
            "\"seed\": 7|\"seed\": 7, \"startsAt\": \"2026-01-05T00:00:30Z\"|startsAt: must be on a whole minute",
            "\"seed\": 7|\"seed\": 7, \"startsAt\": \"2026-01-05T00:00:00+01:00\"|startsAt: must be an ISO-8601 UTC instant"})
    void invalidScenariosNameTheField(String from, String to, String message) {
        String broken = SMALL.replace(from, to);
        assertThat(broken).isNotEqualTo(SMALL);
        assertThatThrownBy(() -> parse(broken)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith(message);
    }

    @Test
    void generatedTrafficStartsOnAMondayUnlessStartsAtSaysOtherwise() {
        assertThat(parse(SMALL).startsAt()).isEqualTo(java.time.Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(java.time.LocalDate.parse("2026-01-05").getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThat(parse(SMALL.replace("\"seed\": 7", "\"seed\": 7, \"startsAt\": \"2026-03-28T06:00:00Z\"")).startsAt())
                .isEqualTo(java.time.Instant.parse("2026-03-28T06:00:00Z"));
    }

    @Test
    void theLoadBalancerDefaultsToAnAlbWithAMinuteOfLagAndTakesEveryDelayATargetGroupAllows() {
        Scenario scenario = parse(SMALL);
        assertThat(scenario.service().targetGroup()).isEqualTo(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.ALB, 300, false));
        assertThat(scenario.service().deregistrationLagSeconds()).isEqualTo(Scenario.DEFAULT_DEREGISTRATION_LAG_SECONDS);
        for (int delay : new int[] {0, 1, 3600}) {
            assertThat(parse(SMALL.replace("\"deregistrationDelaySeconds\": 300", "\"deregistrationDelaySeconds\": " + delay))
                    .service().deregistrationDelaySeconds()).isEqualTo(delay);
        }
        Scenario nlb = parse(SMALL.replace("\"deregistrationDelaySeconds\": 300",
                "\"deregistrationDelaySeconds\": 300, \"loadBalancer\": \"NLB\", \"connectionTermination\": true, \"deregistrationLagSeconds\": 0"));
        assertThat(nlb.service().targetGroup()).isEqualTo(new TargetGroupFacts(TargetGroupFacts.LoadBalancerKind.NLB, 300, true));
        assertThat(nlb.service().deregistrationLagSeconds()).isZero();
    }

    @Test
    void theScalerMustScaleTheSameServiceAsTheBaseline() {
        String withScaler = SMALL.replace("\"sessionMinutes\"",
                "\"scaler\": {\"minTasks\": 1, \"maxTasks\": 10, \"sessionsPerTask\": 4}, \"sessionMinutes\"");
        assertThatThrownBy(() -> parse(withScaler)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("scaler.sessionsPerTask: must equal service.sessionsPerTask (5)");
        assertThat(parse(withScaler.replace("\"sessionsPerTask\": 4", "\"sessionsPerTask\": 5")).scaler().sessionsPerTask())
                .isEqualTo(5);
    }

    @Test
    void theSameSeedGivesTheSameTraceAndAnotherSeedAnother() {
        Scenario scenario = parse(SMALL);
        assertThat(SessionTrace.generate(scenario)).isEqualTo(SessionTrace.generate(scenario));
        assertThat(SessionTrace.generate(parse(SMALL.replace("\"seed\": 7", "\"seed\": 8")))).isNotEqualTo(SessionTrace.generate(scenario));
    }

    @Test
    void arrivalsFollowTheInterpolatedRateAndLengthsTheConfiguredDistribution() {
        Scenario day = BuiltInScenarios.load("rdp-workday");
        List<SessionTrace.Session> sessions = SessionTrace.generate(day);
        double expected = 0;
        for (int minute = 0; minute < day.durationMinutes(); minute++) {
            expected += SessionTrace.rateAt(day.arrivals(), minute);
        }
        assertThat((double) sessions.size()).as("Poisson count close to the integrated rate").isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(5));
        double[] minutes = sessions.stream().mapToDouble(s -> s.durationSeconds() / 60.0).sorted().toArray();
        assertThat(minutes[minutes.length / 2]).as("median").isCloseTo(45, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(minutes[(int) (minutes.length * 0.95)]).as("p95").isCloseTo(180, org.assertj.core.data.Percentage.withPercentage(15));
        assertThat(sessions).isSortedAccordingTo((a, b) -> Integer.compare(a.arrivalSecond(), b.arrivalSecond()));
    }

    @Test
    void rateIsInterpolatedLinearlyAndHeldBeyondThePoints() {
        List<Scenario.RatePoint> points = List.of(new Scenario.RatePoint(10, 2), new Scenario.RatePoint(20, 4));
        assertThat(SessionTrace.rateAt(points, 0)).isEqualTo(2);
        assertThat(SessionTrace.rateAt(points, 15)).isEqualTo(3);
        assertThat(SessionTrace.rateAt(points, 100)).isEqualTo(4);
    }

    @Test
    void theOracleKeepsJustEnoughTasksEachMinuteWithinTheBounds() {
        Scenario scenario = parse(SMALL.replace("\"durationMinutes\": 120", "\"durationMinutes\": 3").replace("\"atMinute\": 60", "\"atMinute\": 3"));
        // 5 sessions per task: minute 0 peaks at 6 sessions, minute 1 at 1, minute 2 at 0
        List<SessionTrace.Session> sessions = List.of(
                new SessionTrace.Session(0, 0, 70), new SessionTrace.Session(1, 5, 30), new SessionTrace.Session(2, 5, 30),
                new SessionTrace.Session(3, 6, 30), new SessionTrace.Session(4, 7, 30), new SessionTrace.Session(5, 8, 30));
        int[] tasks = Oracle.tasksPerMinute(scenario, sessions);
        assertThat(Arrays.stream(tasks).boxed().toList()).containsExactly(2, 1, 1);
        assertThat(Oracle.taskMinutes(tasks)).isEqualTo(4);
    }

    @Test
    void bothBuiltInsLoad() {
        assertThat(BuiltInScenarios.all()).extracting(Scenario::name).containsExactly("rdp-workday", "tag-bursts", "tag-day");
        assertThatThrownBy(() -> BuiltInScenarios.load("nope")).hasMessageStartingWith("--scenario: no built-in scenario \"nope\"");
    }

    @Test
    void aTraceTakesThePlaceOfGeneratedTrafficNotBoth() {
        String both = SMALL.replace("\"seed\": 7,", "\"seed\": 7, \"trace\": \"day.csv\",");
        assertThatThrownBy(() -> parse(both)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("arrivals: give either \"trace\" (recorded sessions) or \"arrivals\" and \"sessionMinutes\"");
        String missing = SMALL
                .replace("\"arrivals\": [{\"atMinute\": 0, \"sessionsPerMinute\": 1}, {\"atMinute\": 60, \"sessionsPerMinute\": 3}],", "")
                .replace("\"sessionMinutes\": {\"median\": 20, \"p95\": 60}", "\"trace\": \"no-such-trace.csv\"");
        assertThatThrownBy(() -> parse(missing))
                .hasMessage("no-such-trace.csv: no such trace file");
    }

    @Test
    void aServiceMayNameItsFargateSizeAndArchitecture() {
        Scenario arm = parse(SMALL.replace("\"availabilityZones\"", "\"taskVcpu\": 0.5, \"taskMemoryGiB\": 1, \"architecture\": \"ARM64\","
                + " \"availabilityZones\""));
        assertThat(arm.service().taskSize()).isEqualTo(new TaskSize(0.5, 1, TaskSize.Architecture.ARM64));
        assertThat(parse(SMALL).service().taskSize()).isEqualTo(TaskSize.DEFAULT);
        assertThatThrownBy(() -> parse(SMALL.replace("\"availabilityZones\"", "\"taskVcpu\": 0.5, \"taskMemoryGiB\": 8,"
                + " \"availabilityZones\""))).hasMessageStartingWith("service.taskMemoryGiB: Fargate does not offer 8 GiB with 0.5 vCPU");
    }
}
