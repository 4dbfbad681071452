package dev.sessionscaler.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionscaler.analyzer.EmfMetrics;
import java.io.PrintStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CostModelTest {
    private static final Instant HOUR = Instant.parse("2026-01-05T10:00:00Z");

    private static String gauges(Instant at, String service, String extra) {
        return "{\"_aws\":{\"Timestamp\":" + at.toEpochMilli() + ",\"CloudWatchMetrics\":[{\"Namespace\":\"SessionScaler\","
                + "\"Dimensions\":[[\"Cluster\",\"Service\"]],\"Metrics\":[{\"Name\":\"DesiredTasks\"},{\"Name\":\"ActiveSessions\"}"
                + extra + "]}]},\"Cluster\":\"demo\",\"Service\":\"" + service + "\",\"DesiredTasks\":2,\"ActiveSessions\":5}";
    }

    @Test
    void aMetricCostsAnHourForEachHourInWhichItGotDataWhateverTheDatapointsAndEachServiceIsItsOwnMetric() {
        CustomMetricHours meter = new CustomMetricHours();
        PrintStream out = meter.stream();

        out.println(gauges(HOUR, "rdp", ""));
        out.println(gauges(HOUR.plusSeconds(59 * 60), "rdp", ""));
        assertThat(meter.hours()).as("two metrics, one hour").isEqualTo(2);

        out.println(gauges(HOUR.plusSeconds(3600), "rdp", ",{\"Name\":\"BlockedScaleIns\"}"));
        assertThat(meter.hours()).as("the next hour, and the blocked count once").isEqualTo(5);

        out.println(gauges(HOUR, "vnc", ""));
        assertThat(meter.hours()).as("another service's metrics are other metrics").isEqualTo(7);

        new EmfMetrics(out).publishRun(HOUR, 0);
        assertThat(meter.hours()).as("nothing published when every service was decided").isEqualTo(7);
        new EmfMetrics(out).publishRun(HOUR, 2);
        new EmfMetrics(out).publishRun(HOUR.plusSeconds(60), 1);
        assertThat(meter.hours()).as("the deployment's one undecided count, without dimensions").isEqualTo(8);
    }

    @Test
    void cloudWatchIsPricedFromWhatWasCountedAndScaledToAMonth() {
        int day = 24 * 60;
        // one day: 4 metrics every hour, 3 metrics requested a minute, 5 alarms
        ControlPlaneUsage usage = new ControlPlaneUsage(0, 0, day, 0, 0, 0, 5L * day, 0, 0, 0, 0, 0, 3L * day, 4 * 24);

        CostModel.Breakdown cost = CostModel.breakdown(usage, day);

        // 30 days: 129,600 metrics requested ($1.296), 4 custom metrics all month ($1.20), 5 alarms ($0.50)
        assertThat(cost.cloudWatch()).isEqualTo(3.0);
        assertThat(CostModel.breakdown(new ControlPlaneUsage(0, 0, day, 0, 0, 0, 5L * day, 0, 0, 0, 0, 0, 0, 4 * 24), day)
                .cloudWatch()).as("no GetMetricData").isEqualTo(1.7);
    }
}
