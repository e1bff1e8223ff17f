package dev.colorize.gan.metrics;

/**
 * Structural similarity (Wang, Bovik, Sheikh &amp; Simoncelli 2004) as their reference
 * {@code ssim_index.m} computes it: an 11 x 11 Gaussian window with sigma 1.5 (normalised to sum 1),
 * K1 = 0.01, K2 = 0.03, dynamic range L = 255, local statistics over the 'valid' region only (no
 * padding), mean of the SSIM map, no downsampling. On colour images it is computed on each of the
 * R, G and B channels separately and the three means are averaged.
 *
 * <pre>{@code
 * double s = Ssim.of(prediction, truth);   // 1 for identical images
 * }</pre>
 */
public final class Ssim {
    /** Window side. */
    public static final int WINDOW = 11;
    public static final double SIGMA = 1.5;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;
    private static final double C1 = (K1 * 255) * (K1 * 255);
    private static final double C2 = (K2 * 255) * (K2 * 255);
    private static final double[] KERNEL = gaussian();

    private Ssim() {
    }

    /** Mean SSIM over R, G and B; both images at least 11 x 11. */
    public static double of(Rgb8 a, Rgb8 b) {
        a.checkSameSize(b, "SSIM");
        if (a.width() < WINDOW || a.height() < WINDOW) {
            throw new IllegalArgumentException("SSIM: images of " + a.width() + " x " + a.height()
                    + " are smaller than the " + WINDOW + " x " + WINDOW + " window");
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += channel(plane(a, c), plane(b, c), a.width(), a.height());
        }
        return sum / 3;
    }

    /** Mean SSIM of two planes of {@code w x h} values in [0, 255]. */
    static double channel(double[] x, double[] y, int w, int h) {
        int n = w * h;
        double[] xx = new double[n], yy = new double[n], xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] mx = filterValid(x, w, h), my = filterValid(y, w, h);
        double[] sxx = filterValid(xx, w, h), syy = filterValid(yy, w, h), sxy = filterValid(xy, w, h);
        double total = 0;
        for (int i = 0; i < mx.length; i++) {
            double mxy = mx[i] * my[i], mx2 = mx[i] * mx[i], my2 = my[i] * my[i];
            double vx = sxx[i] - mx2, vy = syy[i] - my2, cov = sxy[i] - mxy;
            total += (2 * mxy + C1) * (2 * cov + C2) / ((mx2 + my2 + C1) * (vx + vy + C2));
        }
        return total / mx.length;
    }

    /** Separable Gaussian filtering keeping only outputs whose window lies inside the plane. */
    private static double[] filterValid(double[] src, int w, int h) {
        int ow = w - WINDOW + 1, oh = h - WINDOW + 1;
        double[] rows = new double[ow * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                double acc = 0;
                for (int k = 0; k < WINDOW; k++) {
                    acc += KERNEL[k] * src[y * w + x + k];
                }
                rows[y * ow + x] = acc;
            }
        }
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double acc = 0;
                for (int k = 0; k < WINDOW; k++) {
                    acc += KERNEL[k] * rows[(y + k) * ow + x];
                }
                out[y * ow + x] = acc;
            }
        }
        return out;
    }

    private static double[] plane(Rgb8 img, int c) {
        double[] p = new double[img.pixels().length];
        for (int i = 0; i < p.length; i++) {
            p[i] = img.channel(i, c);
        }
        return p;
    }

    /** 1-D factor of MATLAB's fspecial('gaussian', 11, 1.5): the 2-D kernel is its outer product, sum 1. */
    private static double[] gaussian() {
        double[] k = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - (WINDOW - 1) / 2.0;
            k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += k[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
