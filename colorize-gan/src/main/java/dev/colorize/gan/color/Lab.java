package dev.colorize.gan.color;

/**
 * sRGB &lt;-&gt; CIE Lab (D65, 2&deg; observer) exactly as scikit-image 0.19 defines it, which is what
 * the colorization models were trained with.
 *
 * <pre>{@code
 * float[] lab = new float[3];
 * Lab.rgbToLab(1f, 0f, 0f, lab, 0);        // 53.2406, 80.0923, 67.2028
 * int rgb = Lab.labToRgb8(lab[0], lab[1], lab[2]); // 0xFF0000
 * }</pre>
 *
 * <p>The constants are skimage's, not the textbook ones: its 6-digit sRGB matrix, the rounded
 * eps 0.008856 and slope 7.787 (the textbook 216/24389 and kappa/116 differ by up to 5e-3 Lab units,
 * which the reference cases reject). The inverse clips the way skimage does: {@code fz < 0} is set
 * to 0 (fx is not clamped) and the final RGB is clipped to [0, 1]. All arithmetic is in double; the
 * results are rounded to float once.
 */
public final class Lab {
    /** skimage's {@code xyz_from_rgb}. */
    static final double[][] XYZ_FROM_RGB = {
        {0.412453, 0.357580, 0.180423},
        {0.212671, 0.715160, 0.072169},
        {0.019334, 0.119193, 0.950227}};
    /** skimage's {@code rgb_from_xyz} = numpy.linalg.inv(XYZ_FROM_RGB). */
    static final double[][] RGB_FROM_XYZ = invert(XYZ_FROM_RGB);
    /** D65 white point, 2&deg; observer. */
    static final double XN = 0.95047, YN = 1.0, ZN = 1.08883;
    private static final double EPS = 0.008856;
    private static final double SLOPE = 7.787;
    private static final double OFFSET = 16.0 / 116.0;
    /** f(t) at t = EPS, where the inverse switches between the cube and the linear part. */
    private static final double F_EPS = 0.2068966;

    /** Linear-light value of every 8-bit sRGB code. */
    private static final double[] LINEAR_8BIT = new double[256];
    /** L of the gray (v, v, v) for every 8-bit code v. */
    private static final float[] GRAY_L_8BIT = new float[256];
    /**
     * ROUND_UP[k] = the linear value from which sRGB encoding rounds to code k or more, i.e. the
     * linear value of (k - 0.5) / 255. Encoding to 8 bits is then a binary search instead of a pow.
     */
    private static final double[] ROUND_UP = new double[256];

    static {
        for (int v = 0; v < 256; v++) {
            LINEAR_8BIT[v] = srgbToLinear(v / 255.0);
            GRAY_L_8BIT[v] = (float) grayLinearToL(LINEAR_8BIT[v]);
            ROUND_UP[v] = v == 0 ? Double.NEGATIVE_INFINITY : srgbToLinear((v - 0.5) / 255.0);
        }
    }

    private Lab() {
    }

    // ------------------------------------------------------------------ companding

    /** sRGB companding inverse: gamma-encoded [0,1] to linear light. */
    public static double srgbToLinear(double c) {
        return c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
    }

    /** sRGB companding: linear light to gamma-encoded (not clipped). */
    public static double linearToSrgb(double c) {
        return c > 0.0031308 ? 1.055 * Math.pow(c, 1 / 2.4) - 0.055 : 12.92 * c;
    }

    // ------------------------------------------------------------------ forward

    /** Lab of the sRGB colour (r, g, b) in [0, 1], written to {@code lab[off..off+2]}. */
    public static void rgbToLab(float r, float g, float b, float[] lab, int off) {
        linearToLab(srgbToLinear(r), srgbToLinear(g), srgbToLinear(b), lab, off);
    }

    /** Lab of a packed 8-bit 0xRRGGBB colour (alpha bits ignored), via an exact lookup of the companding. */
    public static void rgb8ToLab(int rgb, float[] lab, int off) {
        linearToLab(LINEAR_8BIT[(rgb >> 16) & 0xFF], LINEAR_8BIT[(rgb >> 8) & 0xFF], LINEAR_8BIT[rgb & 0xFF], lab, off);
    }

    /** L of the packed 8-bit colour 0xRRGGBB (alpha bits ignored). */
    public static float rgb8ToL(int rgb) {
        double[] m = XYZ_FROM_RGB[1];
        double y = m[0] * LINEAR_8BIT[(rgb >> 16) & 0xFF] + m[1] * LINEAR_8BIT[(rgb >> 8) & 0xFF]
                + m[2] * LINEAR_8BIT[rgb & 0xFF];
        return (float) (116 * f(y / YN) - 16);
    }

    /** L of the 8-bit gray code v (0..255); a and b of a gray are (up to skimage's matrix) 0. */
    public static float gray8ToL(int v) {
        return GRAY_L_8BIT[v];
    }

    /** L of a gamma-encoded gray in [0, 1] (e.g. a 16-bit sample / 65535). */
    public static float grayToL(double v) {
        return (float) grayLinearToL(srgbToLinear(v));
    }

    private static double grayLinearToL(double lin) {
        double[] m = XYZ_FROM_RGB[1];
        return 116 * f((m[0] + m[1] + m[2]) * lin / YN) - 16;
    }

    private static void linearToLab(double r, double g, double b, float[] lab, int off) {
        double[][] m = XYZ_FROM_RGB;
        double fx = f((m[0][0] * r + m[0][1] * g + m[0][2] * b) / XN);
        double fy = f((m[1][0] * r + m[1][1] * g + m[1][2] * b) / YN);
        double fz = f((m[2][0] * r + m[2][1] * g + m[2][2] * b) / ZN);
        lab[off] = (float) (116 * fy - 16);
        lab[off + 1] = (float) (500 * (fx - fy));
        lab[off + 2] = (float) (200 * (fy - fz));
    }

    private static double f(double t) {
        return t > EPS ? Math.cbrt(t) : SLOPE * t + OFFSET;
    }

    // ------------------------------------------------------------------ inverse

    /** sRGB in [0, 1] (clipped, as skimage) of the Lab colour, written to {@code rgb[off..off+2]}. */
    public static void labToRgb(float l, float a, float b, float[] rgb, int off) {
        double[] lin = labToLinear(l, a, b);
        for (int c = 0; c < 3; c++) {
            rgb[off + c] = (float) clip01(linearToSrgb(lin[c]));
        }
    }

    /** The Lab colour as packed 8-bit 0xRRGGBB (clipped like {@link #labToRgb}, then rounded). */
    public static int labToRgb8(float l, float a, float b) {
        double[] lin = labToLinear(l, a, b);
        return (linearTo8Bit(lin[0]) << 16) | (linearTo8Bit(lin[1]) << 8) | linearTo8Bit(lin[2]);
    }

    /** round(255 * clip(linearToSrgb(lin), 0, 1)) without the pow: the largest k with ROUND_UP[k] <= lin. */
    static int linearTo8Bit(double lin) {
        int lo = 0, hi = 255;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (ROUND_UP[mid] <= lin) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static double[] labToLinear(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double fx = fy + a / 500;
        double fz = Math.max(fy - b / 200, 0.0); // skimage clamps only z, only below
        double x = finv(fx) * XN, y = finv(fy) * YN, z = finv(fz) * ZN;
        double[][] m = RGB_FROM_XYZ;
        return new double[] {
            m[0][0] * x + m[0][1] * y + m[0][2] * z,
            m[1][0] * x + m[1][1] * y + m[1][2] * z,
            m[2][0] * x + m[2][1] * y + m[2][2] * z};
    }

    private static double finv(double f) {
        return f > F_EPS ? f * f * f : (f - OFFSET) / SLOPE;
    }

    private static double clip01(double v) {
        return v < 0 ? 0 : Math.min(v, 1.0); // NaN never arises: all inputs are finite
    }

    /** 3x3 inverse by cofactors, in double (agrees with numpy.linalg.inv to ~1e-16). */
    static double[][] invert(double[][] m) {
        double c00 = m[1][1] * m[2][2] - m[1][2] * m[2][1];
        double c01 = m[1][2] * m[2][0] - m[1][0] * m[2][2];
        double c02 = m[1][0] * m[2][1] - m[1][1] * m[2][0];
        double det = m[0][0] * c00 + m[0][1] * c01 + m[0][2] * c02;
        return new double[][] {
            {c00 / det, (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det, (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det},
            {c01 / det, (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det, (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det},
            {c02 / det, (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det, (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det}};
    }
}
