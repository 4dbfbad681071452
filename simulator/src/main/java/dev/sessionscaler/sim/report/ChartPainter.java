package dev.sessionscaler.sim.report;

import java.util.ArrayList;
import java.util.List;

/** Draws a {@link Chart}: title, axes with hour ticks, bars, lines, and a legend. */
final class ChartPainter {
    static final int WIDTH = 560;
    static final int HEIGHT = 220;
    private static final double LEFT = 48;
    private static final double RIGHT = 12;
    private static final double TOP = 28;
    private static final double BOTTOM = 40;
    private static final String AXIS = "#555555";
    private static final String GRID = "#e4e4e4";

    private ChartPainter() {
    }

    static void paint(Chart chart, Canvas canvas) {
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        int minutes = chart.minutes();
        double yMax = chart.yMax();
        canvas.rect(0, 0, WIDTH, HEIGHT, "#ffffff");
        canvas.text(LEFT, 16, chart.title(), 13, Canvas.Anchor.START, "#222222");
        for (int i = 0; i <= 4; i++) {
            double value = yMax * i / 4;
            double y = TOP + plotHeight - plotHeight * i / 4;
            canvas.line(LEFT, y, LEFT + plotWidth, y, GRID, 1);
            canvas.text(LEFT - 6, y + 4, format(value), 10, Canvas.Anchor.END, AXIS);
        }
        int hourStep = Math.max(1, minutes / 60 / 8);
        for (int hour = 0; hour * 60 <= minutes; hour += hourStep) {
            double x = LEFT + plotWidth * hour * 60 / minutes;
            canvas.line(x, TOP + plotHeight, x, TOP + plotHeight + 4, AXIS, 1);
            canvas.text(x, TOP + plotHeight + 16, hour + "h", 10, Canvas.Anchor.MIDDLE, AXIS);
        }
        canvas.line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, AXIS, 1);
        canvas.line(LEFT, TOP, LEFT, TOP + plotHeight, AXIS, 1);
        double barWidth = Math.max(1, plotWidth / minutes);
        for (Chart.Series bars : chart.bars()) {
            for (int m = 0; m < minutes; m++) {
                double v = bars.values()[m];
                if (v > 0) {
                    double h = plotHeight * v / yMax;
                    canvas.rect(LEFT + plotWidth * m / minutes, TOP + plotHeight - h, barWidth, h, bars.color());
                }
            }
        }
        for (Chart.Series line : chart.lines()) {
            List<double[]> points = new ArrayList<>(minutes);
            for (int m = 0; m < minutes; m++) {
                points.add(new double[] {LEFT + plotWidth * (m + 1) / minutes, TOP + plotHeight - plotHeight * line.values()[m] / yMax});
            }
            canvas.polyline(points, line.color(), 1.5);
        }
        legend(chart, canvas, TOP + plotHeight + 32);
    }

    private static void legend(Chart chart, Canvas canvas, double y) {
        List<Chart.Series> all = new ArrayList<>(chart.lines());
        all.addAll(chart.bars());
        // about 6 px a character at 10 px; a legend too long for that (five policies' names) starts at the left edge, tighter
        int characters = all.stream().mapToInt(s -> s.name().length()).sum();
        double room = WIDTH - RIGHT - chart.yLabel().length() * 6 - 8;
        boolean fits = LEFT + characters * 6 + all.size() * 24 <= room;
        double x = fits ? LEFT : 4;
        for (Chart.Series s : all) {
            canvas.rect(x, y - 8, 10, 10, s.color());
            canvas.text(x + 13, y + 1, s.name(), 10, Canvas.Anchor.START, "#333333");
            x += fits ? 24 + s.name().length() * 6 : 19 + s.name().length() * 5.5;
        }
        canvas.text(WIDTH - RIGHT, y + 1, chart.yLabel(), 10, Canvas.Anchor.END, AXIS);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
