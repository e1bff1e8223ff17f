package dev.colorize.core.backend.simd;

/**
 * The three matrices of Winograd's minimal filtering algorithm F(m, r) (Lavin and Gray, 2016): a
 * correlation of {@code alpha = m + r - 1} inputs {@code d} with a filter {@code g} of r taps,
 * {@code y[i] = sum_k d[i + k] g[k]} for the m outputs {@code i < m}, is
 * {@code y = At [(G g) . (Bt d)]} with one multiplication per point instead of {@code m * r}.
 * In two dimensions {@code Y = At [(G g Gt) . (Bt d B)] A}: {@code alpha^2} products per
 * {@code m x m} output tile instead of {@code m^2 r^2}.
 *
 * <p>Built by Toom-Cook from the evaluation points {@code 0, 1, -1, 1/2, -1/2, ...} and infinity:
 * with V_n the {@code alpha x n} Vandermonde matrix of those points (the point at infinity picks the
 * leading coefficient), the full linear convolution of g and h is
 * {@code V_alpha^-1 [(V_r g) . (V_m h)]}; the correlation is its transpose with respect to h, so
 * {@code At = V_m^T}, {@code G = V_r} and {@code Bt = V_alpha^-T}. The points are the small powers
 * of two that keep the transforms' entries, and so float32 rounding, small; {@link #forKernel}
 * picks alpha = 6 (F(4,3), F(3,4), F(5,2), F(2,5)), the largest tile whose error stays within the
 * convolution parity tolerances.
 */
record WinogradTransform(int m, int r, float[] at, float[] g, float[] bt) {
    /** Points of one tile size: alpha - 1 finite ones, then infinity. */
    private static final double[] POINTS = {0, 1, -1, 0.5, -0.5, 2, -2};

    static final int ALPHA = 6;

    /** Whether {@link #forKernel} handles an {@code r x r} kernel. */
    static boolean supports(int r) {
        return r >= 2 && r <= ALPHA - 1;
    }

    /** F(m x m, r x r) with {@code alpha = 6}, i.e. {@code m = 7 - r}. */
    static WinogradTransform forKernel(int r) {
        if (!supports(r)) {
            throw new IllegalArgumentException("Winograd: no transform for a " + r + "x" + r + " kernel");
        }
        return of(ALPHA - r + 1, r);
    }

    /** F(m, r) from the first {@code m + r - 2} of {@link #POINTS} and infinity. */
    static WinogradTransform of(int m, int r) {
        int alpha = m + r - 1;
        if (m < 1 || r < 1 || alpha - 1 > POINTS.length) {
            throw new IllegalArgumentException("Winograd: F(" + m + ", " + r + ") needs more points");
        }
        double[][] vm = vandermonde(alpha, m);
        double[][] vr = vandermonde(alpha, r);
        double[][] inverse = invert(vandermonde(alpha, alpha));
        float[] at = new float[m * alpha];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < alpha; j++) {
                at[i * alpha + j] = (float) vm[j][i];
            }
        }
        float[] g = new float[alpha * r];
        for (int j = 0; j < alpha; j++) {
            for (int k = 0; k < r; k++) {
                g[j * r + k] = (float) vr[j][k];
            }
        }
        float[] bt = new float[alpha * alpha];
        for (int i = 0; i < alpha; i++) {
            for (int j = 0; j < alpha; j++) {
                bt[i * alpha + j] = (float) inverse[j][i];
            }
        }
        return new WinogradTransform(m, r, at, g, bt);
    }

    int alpha() {
        return m + r - 1;
    }

    /** Rows: the points (the last one infinity); columns: powers 0..n-1. */
    private static double[][] vandermonde(int alpha, int n) {
        double[][] v = new double[alpha][n];
        for (int j = 0; j < alpha - 1; j++) {
            double power = 1;
            for (int k = 0; k < n; k++) {
                v[j][k] = power;
                power *= POINTS[j];
            }
        }
        v[alpha - 1][n - 1] = 1;
        return v;
    }

    /** Gauss-Jordan with partial pivoting; the Vandermonde matrices here are small and well posed. */
    private static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] w = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(w[i][col]) > Math.abs(w[pivot][col])) {
                    pivot = i;
                }
            }
            double[] t = w[col];
            w[col] = w[pivot];
            w[pivot] = t;
            double p = w[col][col];
            for (int k = 0; k < 2 * n; k++) {
                w[col][k] /= p;
            }
            for (int i = 0; i < n; i++) {
                if (i != col && w[i][col] != 0) {
                    double f = w[i][col];
                    for (int k = 0; k < 2 * n; k++) {
                        w[i][k] -= f * w[col][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
