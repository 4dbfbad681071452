package dev.sessionscaler.sim.report;

import java.util.List;

/**
 * A time-series chart, independent of how it is drawn: lines over simulated minutes, optionally bars (counts of
 * events in a minute) on the same axis. {@link ChartPainter} draws it on SVG or PNG.
 */
public record Chart(String title, String yLabel, List<Series> lines, List<Series> bars) {
    public Chart {
        lines = List.copyOf(lines);
        bars = List.copyOf(bars);
    }

    /** One named series, one value per minute, drawn in {@code color} (CSS hex, {@code #rrggbb}). */
    public record Series(String name, String color, double[] values) {
    }

    public int minutes() {
        return lines.isEmpty() ? bars.get(0).values().length : lines.get(0).values().length;
    }

    /** The top of the y axis: the largest value, rounded up to a round number (at least 1). */
    public double yMax() {
        double max = 0;
        for (Series s : lines) {
            for (double v : s.values()) {
                max = Math.max(max, v);
            }
        }
        for (Series s : bars) {
            for (double v : s.values()) {
                max = Math.max(max, v);
            }
        }
        return niceCeiling(Math.max(1, max));
    }

    static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 4, 6, 8, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
