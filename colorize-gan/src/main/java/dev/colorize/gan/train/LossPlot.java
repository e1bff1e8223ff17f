package dev.colorize.gan.train;

import dev.colorize.gan.image.ImageFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Loss curves as a PNG drawn with Java2D: one panel per loss (g_adv, g_rec, d_loss; a loss that is
 * never finite is left out), each with its own y range, the raw values in a light line and a moving
 * average in a dark one.
 */
final class LossPlot {
    static final int WIDTH = 800;
    static final int PANEL_HEIGHT = 200;
    private static final int LEFT = 70, RIGHT = 20, TOP = 24, BOTTOM = 26;

    private LossPlot() {
    }

    record Series(String name, ToDoubleFunction<StepResult> value, Color color) {
    }

    static final List<Series> SERIES = List.of(
            new Series("g_adv", StepResult::gAdv, new Color(0x1f77b4)),
            new Series("g_rec", StepResult::gRec, new Color(0x2ca02c)),
            new Series("d_loss", StepResult::dLoss, new Color(0xd62728)));

    static void write(List<StepResult> rows, Path file) throws IOException {
        ImageFiles.write(render(rows), file);
    }

    static BufferedImage render(List<StepResult> rows) {
        List<Series> shown = new ArrayList<>();
        for (Series s : SERIES) {
            if (rows.stream().anyMatch(r -> Double.isFinite(s.value().applyAsDouble(r)))) {
                shown.add(s);
            }
        }
        int panels = Math.max(1, shown.size());
        BufferedImage img = new BufferedImage(WIDTH, panels * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i < shown.size(); i++) {
                panel(g, rows, shown.get(i), i * PANEL_HEIGHT);
            }
            if (shown.isEmpty()) {
                g.setColor(Color.DARK_GRAY);
                g.drawString("no losses logged yet", LEFT, PANEL_HEIGHT / 2);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void panel(Graphics2D g, List<StepResult> rows, Series s, int y0) {
        int x1 = LEFT, x2 = WIDTH - RIGHT, yTop = y0 + TOP, yBottom = y0 + PANEL_HEIGHT - BOTTOM;
        double[] steps = new double[rows.size()], values = new double[rows.size()];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (StepResult r : rows) {
            double v = s.value().applyAsDouble(r);
            if (Double.isFinite(v)) {
                steps[n] = r.step();
                values[n++] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi - lo < 1e-12) {
            hi = lo + Math.max(1e-6, Math.abs(lo) * 0.1);
            lo -= Math.max(1e-6, Math.abs(lo) * 0.1);
        }
        double sMin = steps[0], sMax = Math.max(steps[n - 1], sMin + 1);
        g.setColor(new Color(0xEEEEEE));
        for (int k = 1; k < 4; k++) {
            int y = yBottom - (yBottom - yTop) * k / 4;
            g.drawLine(x1, y, x2, y);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x1, yTop, x2 - x1, yBottom - yTop);
        g.setColor(Color.BLACK);
        g.drawString(s.name(), x1, yTop - 6);
        g.drawString(label(hi), 4, yTop + 10);
        g.drawString(label(lo), 4, yBottom);
        g.drawString("step " + (long) sMin, x1, yBottom + 16);
        String last = "step " + (long) sMax;
        g.drawString(last, x2 - g.getFontMetrics().stringWidth(last), yBottom + 16);
        double[] smooth = movingAverage(values, n, Math.max(1, n / 50));
        Color c = s.color();
        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 80));
        g.draw(line(steps, values, n, sMin, sMax, lo, hi, x1, x2, yTop, yBottom));
        g.setStroke(new BasicStroke(2f));
        g.setColor(c);
        g.draw(line(steps, smooth, n, sMin, sMax, lo, hi, x1, x2, yTop, yBottom));
    }

    private static Path2D line(double[] xs, double[] ys, int n, double xMin, double xMax, double lo, double hi,
                               int x1, int x2, int yTop, int yBottom) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < n; i++) {
            double x = x1 + (xs[i] - xMin) / (xMax - xMin) * (x2 - x1);
            double y = yBottom - (ys[i] - lo) / (hi - lo) * (yBottom - yTop);
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        return p;
    }

    /** Trailing mean over {@code window} values. */
    static double[] movingAverage(double[] v, int n, int window) {
        double[] out = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[i];
            if (i >= window) {
                sum -= v[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    private static String label(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v != 0) ? "%.2e" : "%.3f", v);
    }
}
