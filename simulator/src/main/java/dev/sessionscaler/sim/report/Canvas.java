package dev.sessionscaler.sim.report;

import java.util.List;

/** The few drawing operations a chart needs; SVG and PNG implement them so one painter serves both. */
interface Canvas {
    enum Anchor { START, MIDDLE, END }

    void line(double x1, double y1, double x2, double y2, String color, double width);

    /** A line through the points, given as x0, y0, x1, y1, … */
    void polyline(List<double[]> points, String color, double width);

    void rect(double x, double y, double width, double height, String color);

    void text(double x, double y, String text, int size, Anchor anchor, String color);
}
