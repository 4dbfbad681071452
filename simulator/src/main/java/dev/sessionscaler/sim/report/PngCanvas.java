package dev.sessionscaler.sim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws on an image with Java 2D (headless). Text needs a font from the system (fontconfig); where the machine
 * has none, the chart is drawn without its text and {@link #textSkipped()} says so.
 */
final class PngCanvas implements Canvas {
    private final BufferedImage image;
    private final Graphics2D g;
    private boolean textSkipped;

    PngCanvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double width) {
        g.setColor(Color.decode(color));
        g.setStroke(new BasicStroke((float) width));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(List<double[]> points, String color, double width) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < points.size(); i++) {
            if (i == 0) {
                path.moveTo(points.get(i)[0], points.get(i)[1]);
            } else {
                path.lineTo(points.get(i)[0], points.get(i)[1]);
            }
        }
        g.setColor(Color.decode(color));
        g.setStroke(new BasicStroke((float) width));
        g.draw(path);
    }

    @Override
    public void rect(double x, double y, double width, double height, String color) {
        g.setColor(Color.decode(color));
        g.fill(new Rectangle2D.Double(x, y, width, height));
    }

    @Override
    public void text(double x, double y, String text, int size, Anchor anchor, String color) {
        if (textSkipped) {
            return;
        }
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            double width = g.getFontMetrics().stringWidth(text);
            double left = anchor == Anchor.START ? x : anchor == Anchor.MIDDLE ? x - width / 2 : x - width;
            g.setColor(Color.decode(color));
            g.drawString(text, (float) left, (float) y);
        } catch (RuntimeException | InternalError | LinkageError e) {
            textSkipped = true;  // no usable font on this machine
        }
    }

    boolean textSkipped() {
        return textSkipped;
    }

    BufferedImage finish() {
        g.dispose();
        return image;
    }
}
