package dev.colorize.gan.metrics;

/**
 * Area under the cumulative curve of per-pixel ab errors (Zhang, Isola &amp; Efros 2016, "Colorful
 * Image Colorization", section 3.1): for each threshold t = 0, 1, ..., 150 (Lab units) the fraction
 * of pixels whose Euclidean ab distance to the truth is at most t; the curve is integrated with the
 * trapezoid rule and divided by 150, so a perfect prediction scores 1 and the score falls towards 0
 * as errors grow. Pixels are pooled over every image added (each pixel counts once). Not
 * class-rebalanced. Accumulates; not thread-safe.
 *
 * <pre>{@code
 * AbErrorAuc auc = new AbErrorAuc();
 * auc.add(predA, predB, trueA, trueB);     // per image, full-resolution planes
 * double score = auc.value();
 * }</pre>
 */
public final class AbErrorAuc {
    /** Largest threshold, in Lab units. */
    public static final int MAX_THRESHOLD = 150;

    /** counts[k]: pixels whose error e has ceil(e) == k (k <= 150), i.e. e <= t exactly for t >= k. */
    private final long[] counts = new long[MAX_THRESHOLD + 1];
    private long pixels;

    /** Adds the pixels of one image; {@code predA/predB == null} means a prediction of ab = 0 (gray). */
    public void add(float[] predA, float[] predB, float[] trueA, float[] trueB) {
        if ((predA == null) != (predB == null) || trueA.length != trueB.length
                || (predA != null && (predA.length != trueA.length || predB.length != trueA.length))) {
            throw new IllegalArgumentException("AbErrorAuc.add: planes differ in length");
        }
        for (int i = 0; i < trueA.length; i++) {
            double da = trueA[i] - (predA == null ? 0 : predA[i]);
            double db = trueB[i] - (predB == null ? 0 : predB[i]);
            double e = Math.sqrt(da * da + db * db);
            if (!(e <= MAX_THRESHOLD)) {
                continue; // beyond every threshold (or NaN): counted in pixels only
            }
            counts[(int) Math.ceil(e)]++;
        }
        pixels += trueA.length;
    }

    /** Adds a constant prediction (e.g. the data set's mean ab). */
    public void addConstant(float a, float b, float[] trueA, float[] trueB) {
        float[] pa = new float[trueA.length], pb = new float[trueA.length];
        java.util.Arrays.fill(pa, a);
        java.util.Arrays.fill(pb, b);
        add(pa, pb, trueA, trueB);
    }

    public long pixels() {
        return pixels;
    }

    /** The fraction of pixels with error at most t, for t = 0..150. */
    public double[] curve() {
        if (pixels == 0) {
            throw new IllegalStateException("AbErrorAuc: no pixels added");
        }
        double[] f = new double[MAX_THRESHOLD + 1];
        long cumulative = 0;
        for (int t = 0; t <= MAX_THRESHOLD; t++) {
            cumulative += counts[t];
            f[t] = cumulative / (double) pixels;
        }
        return f;
    }

    /** Trapezoid area under {@link #curve()} divided by 150, in [0, 1]. */
    public double value() {
        double[] f = curve();
        double area = 0;
        for (int t = 0; t < MAX_THRESHOLD; t++) {
            area += (f[t] + f[t + 1]) / 2;
        }
        return area / MAX_THRESHOLD;
    }
}
