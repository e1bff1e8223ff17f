package dev.colorize.gan.models;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.color.Lab;
import dev.colorize.gan.color.Normalization;

import java.util.Arrays;

/**
 * Quantised ab colour classes for a classification head ({@link Eccv16}, {@link UNet}): bin centres in Lab units,
 * nearest-bin (hard) and soft encoding of ab values, and the annealed-mean decoding.
 *
 * <p><b>The gamut rule.</b> {@link #gamut()} is the 10x10 ab grid (centres at multiples of 10) restricted
 * to the bins that at least one 8-bit sRGB colour quantises to, i.e. whose cell
 * [a-5, a+5) x [b-5, b+5) meets the sRGB gamut for some L. Lab is skimage's (the project's
 * {@link Lab}). Only the surface of the RGB cube is enumerated (colours with a channel at 0 or 255,
 * 6 x 256²): along each ab line of the gamut the extreme L values lie on the surface, so its ab
 * projection is that of the whole cube. Zhang et al. report Q = 313 bins from their own
 * conversion and data; this rule gives {@link #size()} = 261 with the skimage definition (the
 * stricter "bin centre in gamut for some L" gives about 229).
 *
 * <p><b>The 313 bins of ECCV16.</b> {@link #eccv16()} is the layout of the released model
 * ({@code pts_in_hull.npy}, the order of its {@code model_out}): the same grid, a superset of
 * {@link #gamut()} that reaches about one bin further out on every side. No rule on the sRGB gamut
 * gives it exactly (measured with skimage's Lab: cells within 10 of a gamut colour, i.e. every bin that
 * is one of the four centres around some sRGB colour, give 309 of the 313 and nothing else; the other
 * four, such as (100, 0), lie more than 10 from any sRGB colour), so it is Zhang et al.'s empirical
 * set rather than a gamut rule and is stored here as its 20 rows. It is the default of the
 * classification head, so models trained here keep the official head's shape and class order.
 * Official weights need no table: {@link #fromModelOut} reads the centres back from {@code model_out},
 * which holds them / 110.
 *
 * <pre>{@code
 * AbBins bins = AbBins.gamut();
 * int q = bins.nearest(12.3f, -40f);
 * Tensor z = bins.softEncode(abTrue, 5, 5f);     // [N,2,H,W] -> [N,Q,H,W], rows sum to 1
 * Tensor ab = bins.annealedMean(logits, 0.38f);   // [N,Q,h,w] -> [N,2,h,w]
 * }</pre>
 */
public final class AbBins {
    /** Spacing of the grid, in ab units. */
    public static final int GRID = 10;
    /** Soft encoding defaults of Zhang et al.: 5 nearest bins, Gaussian sigma 5. */
    public static final int SOFT_NEIGHBOURS = 5;
    public static final float SOFT_SIGMA = 5f;

    private static volatile AbBins gamut;

    private final float[] a;
    private final float[] b;
    /** Nearest-bin search over a window of the lattice; null for centres off the lattice. */
    private final AbBinGrid grid;

    private AbBins(float[] a, float[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException("AbBins: need at least 2 centres with a and b each, got " + a.length + " and " + b.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i]) || !Float.isFinite(b[i])) {
                throw new IllegalArgumentException("AbBins: centre " + i + " is not finite: (" + a[i] + ", " + b[i] + ")");
            }
        }
        this.a = a;
        this.b = b;
        this.grid = AbBinGrid.of(a, b);
    }

    /** Bins with the given centres (Lab units). */
    public static AbBins of(float[] a, float[] b) {
        return new AbBins(a.clone(), b.clone());
    }

    /** The centres held by an ECCV16 {@code model_out} weight [2, Q, 1, 1] (ab / 110). */
    public static AbBins fromModelOut(Tensor weight) {
        int[] s = weight.shape();
        if (s.length != 4 || s[0] != 2 || s[2] != 1 || s[3] != 1) {
            throw new IllegalArgumentException("AbBins.fromModelOut: expected a [2,Q,1,1] weight, got " + Arrays.toString(s));
        }
        float[] w = weight.contiguous().toArray();
        int q = s[1];
        float[] a = new float[q];
        float[] b = new float[q];
        for (int i = 0; i < q; i++) {
            a[i] = Normalization.denormalizeAb(w[i]);
            b[i] = Normalization.denormalizeAb(w[q + i]);
        }
        return new AbBins(a, b);
    }

    /**
     * Rows of the ECCV16 layout: for a = -90, -80, ..., 100 the lowest and highest b (every multiple of
     * 10 between them is a bin).
     */
    private static final int[][] ECCV16_ROWS = {
        {-90, 50, 90}, {-80, 20, 90}, {-70, 0, 90}, {-60, -20, 90}, {-50, -30, 100}, {-40, -40, 100},
        {-30, -50, 100}, {-20, -50, 100}, {-10, -60, 100}, {0, -70, 100}, {10, -80, 90}, {20, -80, 90},
        {30, -90, 90}, {40, -100, 90}, {50, -100, 80}, {60, -110, 80}, {70, -110, 80}, {80, -110, 70},
        {90, -110, 70}, {100, -90, 0},
    };

    /** The 313 bins of the released ECCV16 model, ordered by a then b (see the class comment). */
    public static AbBins eccv16() {
        int n = 0;
        for (int[] row : ECCV16_ROWS) {
            n += (row[2] - row[1]) / GRID + 1;
        }
        float[] a = new float[n];
        float[] b = new float[n];
        int k = 0;
        for (int[] row : ECCV16_ROWS) {
            for (int bv = row[1]; bv <= row[2]; bv += GRID) {
                a[k] = row[0];
                b[k++] = bv;
            }
        }
        return new AbBins(a, b);
    }

    /** The in-gamut 10x10 bins (see the class comment), ordered by a then b. Computed once. */
    public static AbBins gamut() {
        AbBins g = gamut;
        if (g == null) {
            synchronized (AbBins.class) {
                if (gamut == null) {
                    gamut = computeGamut();
                }
                g = gamut;
            }
        }
        return g;
    }

    private static AbBins computeGamut() {
        int half = 13;   // grid indices -130..130 cover the sRGB ab range (|a|, |b| < 128)
        boolean[][] hit = new boolean[2 * half + 1][2 * half + 1];
        float[] lab = new float[3];
        for (int face = 0; face < 6; face++) {
            int fixed = face % 2 == 0 ? 0 : 255;
            int axis = face / 2;
            for (int u = 0; u < 256; u++) {
                for (int v = 0; v < 256; v++) {
                    int[] c = axis == 0 ? new int[] {fixed, u, v} : axis == 1 ? new int[] {u, fixed, v} : new int[] {u, v, fixed};
                    Lab.rgb8ToLab((c[0] << 16) | (c[1] << 8) | c[2], lab, 0);
                    hit[cell(lab[1]) + half][cell(lab[2]) + half] = true;
                }
            }
        }
        int n = 0;
        for (boolean[] row : hit) {
            for (boolean h : row) {
                n += h ? 1 : 0;
            }
        }
        float[] a = new float[n];
        float[] b = new float[n];
        int k = 0;
        for (int i = 0; i < hit.length; i++) {
            for (int j = 0; j < hit.length; j++) {
                if (hit[i][j]) {
                    a[k] = (i - half) * GRID;
                    b[k++] = (j - half) * GRID;
                }
            }
        }
        return new AbBins(a, b);
    }

    /** Grid index of the cell [10k - 5, 10k + 5) holding {@code v}. */
    private static int cell(float v) {
        return (int) Math.floor(v / GRID + 0.5);
    }

    public int size() {
        return a.length;
    }

    /** Centre of bin {@code q}, a component. */
    public float a(int q) {
        return a[q];
    }

    public float b(int q) {
        return b[q];
    }

    /** The bin whose centre is nearest to (a, b); the lower index on ties. */
    public int nearest(float av, float bv) {
        if (grid != null) {
            int[] idx = new int[1];
            float[] dist = new float[1];
            if (grid.nearest(av, bv, a, b, idx, dist)) {
                return idx[0];
            }
        }
        int best = 0;
        float bestD = Float.POSITIVE_INFINITY;
        for (int q = 0; q < a.length; q++) {
            float da = av - a[q];
            float db = bv - b[q];
            float d = da * da + db * db;
            if (d < bestD) {
                bestD = d;
                best = q;
            }
        }
        return best;
    }

    /**
     * Soft encoding of one ab value: Gaussian weights exp(-d²/(2 sigma²)) on its {@code k} nearest bins,
     * normalised to sum 1, written to {@code out[off + q * stride]} (other bins untouched); returns the
     * nearest bin.
     */
    public int softEncode(float av, float bv, int k, float sigma, float[] out, int off, int stride) {
        int kk = Math.min(k, a.length);
        int[] idx = new int[kk];
        float[] dist = new float[kk];
        if (grid == null || !grid.nearest(av, bv, a, b, idx, dist)) {
            Arrays.fill(dist, Float.POSITIVE_INFINITY);
            for (int q = 0; q < a.length; q++) {   // insertion into the k smallest, stable on ties
                float da = av - a[q];
                float db = bv - b[q];
                AbBinGrid.insert(da * da + db * db, q, idx, dist);
            }
        }
        double sum = 0;
        double[] w = new double[kk];
        for (int i = 0; i < kk; i++) {
            w[i] = Math.exp(-(dist[i] - dist[0]) / (2.0 * sigma * sigma));   // shifted: same ratios, no underflow
            sum += w[i];
        }
        for (int i = 0; i < kk; i++) {
            out[off + idx[i] * stride] = (float) (w[i] / sum);
        }
        return idx[0];
    }

    /** Soft-encoded targets [N,Q,H,W] of ab values [N,2,H,W] (Lab units); a constant (no graph). */
    public Tensor softEncode(Tensor ab, int k, float sigma) {
        checkAb(ab, "softEncode");
        int n = ab.size(0);
        int hw = ab.size(2) * ab.size(3);
        float[] src = ab.contiguous().toArray();
        float[] out = new float[n * a.length * hw];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < hw; p++) {
                softEncode(src[(i * 2) * hw + p], src[(i * 2 + 1) * hw + p], k, sigma, out, i * a.length * hw + p, hw);
            }
        }
        return Tensor.of(out, n, a.length, ab.size(2), ab.size(3));
    }

    /** The nearest bin of every pixel of ab [N,2,H,W], flat in N,H,W order. */
    public int[] quantize(Tensor ab) {
        checkAb(ab, "quantize");
        int n = ab.size(0);
        int hw = ab.size(2) * ab.size(3);
        float[] src = ab.contiguous().toArray();
        int[] out = new int[n * hw];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < hw; p++) {
                out[i * hw + p] = nearest(src[(i * 2) * hw + p], src[(i * 2 + 1) * hw + p]);
            }
        }
        return out;
    }

    /**
     * The annealed mean of Zhang et al.: {@code sum_q softmax(logits / T)_q * centre_q}, [N,Q,h,w] ->
     * [N,2,h,w] in Lab units (differentiable in the logits). T = 1 is the mean, T -> 0 the mode.
     */
    public Tensor annealedMean(Tensor logits, float temperature) {
        if (logits.dim() != 4 || logits.size(1) != a.length) {
            throw new IllegalArgumentException("AbBins.annealedMean: expected [N," + a.length + ",h,w] logits, got "
                    + Arrays.toString(logits.shape()));
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("AbBins.annealedMean: temperature must be > 0, got " + temperature);
        }
        Tensor p = logits.div(temperature).softmax(1);
        Tensor ca = Tensor.of(a.clone(), 1, a.length, 1, 1);
        Tensor cb = Tensor.of(b.clone(), 1, b.length, 1, 1);
        int[] dim1 = {1};
        return Tensor.cat(1, p.mul(ca).sum(dim1, true), p.mul(cb).sum(dim1, true));
    }

    /** Writes the centres / 110 into an ECCV16 {@code model_out} weight [2, Q, 1, 1]. */
    void writeCentresTo(Tensor weight) {
        if (!Arrays.equals(weight.shape(), new int[] {2, a.length, 1, 1})) {
            throw new IllegalArgumentException("AbBins: model_out weight " + Arrays.toString(weight.shape())
                    + " does not hold " + a.length + " centres");
        }
        float[] w = new float[2 * a.length];
        for (int q = 0; q < a.length; q++) {
            w[q] = Normalization.normalizeAb(a[q]);
            w[a.length + q] = Normalization.normalizeAb(b[q]);
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
            weight.copyFrom(Tensor.of(w, weight.shape()));
        }
    }

    private static void checkAb(Tensor ab, String op) {
        if (ab.dim() != 4 || ab.size(1) != 2) {
            throw new IllegalArgumentException("AbBins." + op + ": expected ab [N,2,H,W], got " + Arrays.toString(ab.shape()));
        }
    }
}
