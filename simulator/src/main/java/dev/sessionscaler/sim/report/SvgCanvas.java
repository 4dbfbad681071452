package dev.sessionscaler.sim.report;

import java.util.List;
import java.util.Locale;

/** Draws on an inline SVG element (the HTML report's charts). */
final class SvgCanvas implements Canvas {
    private final StringBuilder svg = new StringBuilder();

    SvgCanvas(int width, int height, String label) {
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(label)).append("\" font-family=\"sans-serif\">");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double width) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
                x1, y1, x2, y2, color, width));
    }

    @Override
    public void polyline(List<double[]> points, String color, double width) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(width).append("\" points=\"");
        for (double[] p : points) {
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
        }
        svg.append("\"/>");
    }

    @Override
    public void rect(double x, double y, double width, double height, String color) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                x, y, width, height, color));
    }

    @Override
    public void text(double x, double y, String text, int size, Anchor anchor, String color) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" fill=\"%s\">",
                x, y, size, anchor.name().toLowerCase(Locale.ROOT), color)).append(Html.escape(text)).append("</text>");
    }

    String finish() {
        return svg.append("</svg>").toString();
    }
}
