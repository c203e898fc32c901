package dev.freshet.benchmark;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart of a few series over time as a PNG, drawn with java.awt in headless mode (no chart
 * library): title, labelled axes with round ticks, a legend, and optional vertical markers.
 */
public final class LineChart {

    /** One line: its name in the legend, its colour, and its points (x ascending). */
    public record Series(String name, Color color, List<double[]> points) {
    }

    /** A labelled vertical line at {@code x}. */
    public record Marker(double x, String label) {
    }

    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private LineChart() {
    }

    public static void write(Path file, int width, int height, String title, String xLabel, String yLabel,
                             List<Series> series, List<Marker> markers) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = render(width, height, title, xLabel, yLabel, series, markers);
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    static BufferedImage render(int width, int height, String title, String xLabel, String yLabel,
                                List<Series> series, List<Marker> markers) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);

            double xMax = 1;
            double yMax = 1;
            for (Series s : series) {
                for (double[] p : s.points()) {
                    xMax = Math.max(xMax, p[0]);
                    yMax = Math.max(yMax, p[1]);
                }
            }
            for (Marker m : markers) {
                xMax = Math.max(xMax, m.x());
            }
            double xStep = niceStep(xMax, 8);
            double yStep = niceStep(yMax, 6);
            xMax = Math.ceil(xMax / xStep) * xStep;
            yMax = Math.ceil(yMax / yStep) * yStep;
            int plotW = width - LEFT - RIGHT;
            int plotH = height - TOP - BOTTOM;
            Scale sx = new Scale(0, xMax, LEFT, LEFT + plotW);
            Scale sy = new Scale(0, yMax, TOP + plotH, TOP);

            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            // grid and ticks
            for (double y = 0; y <= yMax + yStep / 2; y += yStep) {
                int py = sy.map(y);
                g.setColor(new Color(230, 230, 230));
                g.drawLine(LEFT, py, LEFT + plotW, py);
                g.setColor(Color.DARK_GRAY);
                String label = tickLabel(y);
                g.drawString(label, LEFT - 6 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
            }
            for (double x = 0; x <= xMax + xStep / 2; x += xStep) {
                int px = sx.map(x);
                g.setColor(new Color(230, 230, 230));
                g.drawLine(px, TOP, px, TOP + plotH);
                g.setColor(Color.DARK_GRAY);
                String label = tickLabel(x);
                g.drawString(label, px - fm.stringWidth(label) / 2, TOP + plotH + fm.getAscent() + 4);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, plotW, plotH);

            // axis labels and title
            g.drawString(xLabel, LEFT + plotW / 2 - fm.stringWidth(xLabel) / 2, height - 14);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(TOP + plotH / 2) - fm.stringWidth(yLabel) / 2, 20);
            g.setTransform(saved);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

            // markers
            for (Marker m : markers) {
                int px = sx.map(m.x());
                g.setColor(Color.GRAY);
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5f, 4f}, 0f));
                g.drawLine(px, TOP, px, TOP + plotH);
                g.setStroke(new BasicStroke(1f));
                // labels at the foot of the plot (the legend holds the top right), left of the line near the right edge
                int w = fm.stringWidth(m.label());
                g.drawString(m.label(), px + 4 + w > LEFT + plotW ? px - 4 - w : px + 4, TOP + plotH - 6);
            }

            // lines
            g.setClip(LEFT, TOP, plotW + 1, plotH + 1);
            for (Series s : series) {
                if (s.points().isEmpty()) {
                    continue;
                }
                Path2D.Double path = new Path2D.Double();
                boolean first = true;
                for (double[] p : s.points()) {
                    if (first) {
                        path.moveTo(sx.mapExact(p[0]), sy.mapExact(p[1]));
                        first = false;
                    } else {
                        path.lineTo(sx.mapExact(p[0]), sy.mapExact(p[1]));
                    }
                }
                g.setColor(s.color());
                g.setStroke(new BasicStroke(2f));
                g.draw(path);
            }
            g.setClip(null);

            // legend, top right inside the plot
            int lx = LEFT + plotW - 10 - series.stream().mapToInt(s -> fm.stringWidth(s.name())).max().orElse(0) - 30;
            int ly = TOP + 12;
            g.setStroke(new BasicStroke(2f));
            for (Series s : series) {
                g.setColor(Color.WHITE);
                g.fillRect(lx - 4, ly - fm.getAscent(), fm.stringWidth(s.name()) + 38, fm.getHeight());
                g.setColor(s.color());
                g.drawLine(lx, ly - fm.getAscent() / 2 + 1, lx + 22, ly - fm.getAscent() / 2 + 1);
                g.setColor(Color.BLACK);
                g.drawString(s.name(), lx + 28, ly);
                ly += fm.getHeight() + 2;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A round tick step (1, 2 or 5 × 10^n) giving at most about {@code maxTicks} ticks up to {@code max}. */
    static double niceStep(double max, int maxTicks) {
        if (!(max > 0)) {
            return 1;
        }
        double raw = max / maxTicks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String tickLabel(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : "%.2f".formatted(v);
    }

    /** Points from parallel lists of x and y. */
    public static List<double[]> points(List<Double> xs, List<Double> ys) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
            out.add(new double[]{xs.get(i), ys.get(i)});
        }
        return out;
    }

    private record Scale(double from, double to, int pixelFrom, int pixelTo) {
        int map(double v) {
            return (int) Math.round(mapExact(v));
        }

        double mapExact(double v) {
            return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }
}
