package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * col2im of the pix2pix transposed convolution (kernel 4, stride 2, padding 1: every U-Net up layer,
 * and the input gradient of every encoder conv), computed by output phase. Output pixel
 * {@code (2y + py, 2x + px)} receives exactly four column entries, kernel rows {@code ky = 1 - py (+2)}
 * and columns {@code kx = 1 - px (+2)} at input pixels {@code y}, {@code y -/+ 1}; so each output row
 * is two contiguous sums over shifted column rows (even and odd pixels), interleaved once and stored.
 * The general {@link ConvKernels#col2im} instead makes 16 masked read-modify-write passes over a
 * zeroed plane. The terms are added in the general path's order (ky, then kx, ascending), so both
 * give identical bits.
 */
final class PhaseCol2im {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lane i takes element i / 2 (the low half of a vector spread over a whole one). */
    private static final VectorShuffle<Float> SPREAD_LO = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> SPREAD_HI = VectorShuffle.fromOp(S, i -> (L + i) / 2);
    private static final VectorMask<Float> ODD_LANES = VectorMask.fromLong(S, 0xAAAA_AAAA_AAAA_AAAAL);

    private PhaseCol2im() {
    }

    /** Whether {@link #col2im} computes this col2im: kernel 4x4, stride 2, padding 1, no dilation, output exactly 2x. */
    static boolean applies(int kh, int kw, int oh, int ow, int h, int w, ConvSpec spec) {
        return kh == 4 && kw == 4 && spec.strideH() == 2 && spec.strideW() == 2 && spec.padH() == 1
                && spec.padW() == 1 && spec.dilationH() == 1 && spec.dilationW() == 1 && h == 2 * oh && w == 2 * ow;
    }

    /**
     * Writes channel {@code c}'s plane of {@code g} (at {@code gxBase + c*h*w}) from its 16 column
     * rows in {@code cols} (each {@code oh x ow}); every element of the plane is written once.
     */
    static void col2im(float[] cols, int c, int oh, int ow, float[] g, int gxBase) {
        int area = oh * ow;
        int w = 2 * ow;
        int plane = gxBase + c * 4 * area;
        int rows = c * 16 * area;
        for (int y = 0; y < oh; y++) {
            // Output row 2y (py = 0): kernel rows 1 (input row y) then 3 (input row y - 1).
            row(cols, rows + 4 * area + y * ow, y >= 1 ? rows + 12 * area + (y - 1) * ow : -1,
                    area, ow, g, plane + 2 * y * w);
            // Output row 2y + 1: kernel rows 0 (input row y + 1) then 2 (input row y).
            int first = y + 1 < oh ? rows + (y + 1) * ow : -1;
            int second = rows + 8 * area + y * ow;
            if (first < 0) {
                row(cols, second, -1, area, ow, g, plane + (2 * y + 1) * w);
            } else {
                row(cols, first, second, area, ow, g, plane + (2 * y + 1) * w);
            }
        }
    }

    /**
     * One output row from the column rows of kernel row {@code a} and (unless {@code b < 0}) kernel
     * row {@code b}, each given as the offset of its kx = 0 column row at the contributing input row
     * (kx = j is {@code j * area} further): even pixel x sums kx = 1 at x and kx = 3 at x - 1, odd
     * pixel x sums kx = 0 at x + 1 and kx = 2 at x.
     */
    private static void row(float[] cols, int a, int b, int area, int ow, float[] g, int dst) {
        int a0 = a, a1 = a + area, a2 = a + 2 * area, a3 = a + 3 * area;
        int b0 = b, b1 = b + area, b2 = b + 2 * area, b3 = b + 3 * area;
        boolean two = b >= 0;
        int x = 0;
        if (ow > 1) {
            x = 1;
            // Vectors cover x .. x+L-1 and read x-1 and x+L: stay inside 1 .. ow-2.
            for (int bound = ow - 1 - L; x <= bound; x += L) {
                FloatVector even = FloatVector.fromArray(S, cols, a1 + x).add(FloatVector.fromArray(S, cols, a3 + x - 1));
                FloatVector odd = FloatVector.fromArray(S, cols, a0 + x + 1).add(FloatVector.fromArray(S, cols, a2 + x));
                if (two) {
                    even = even.add(FloatVector.fromArray(S, cols, b1 + x)).add(FloatVector.fromArray(S, cols, b3 + x - 1));
                    odd = odd.add(FloatVector.fromArray(S, cols, b0 + x + 1)).add(FloatVector.fromArray(S, cols, b2 + x));
                }
                int o = dst + 2 * x;
                even.rearrange(SPREAD_LO).blend(odd.rearrange(SPREAD_LO), ODD_LANES).intoArray(g, o);
                even.rearrange(SPREAD_HI).blend(odd.rearrange(SPREAD_HI), ODD_LANES).intoArray(g, o + L);
            }
            scalar(cols, a0, a1, a2, a3, b0, b1, b2, b3, two, ow, g, dst, 0, 1);
        }
        scalar(cols, a0, a1, a2, a3, b0, b1, b2, b3, two, ow, g, dst, x, ow);
    }

    /** Pixels {@code x0 <= x < x1} of {@link #row}, one at a time (edges and tails; also the reference order). */
    private static void scalar(float[] cols, int a0, int a1, int a2, int a3, int b0, int b1, int b2, int b3,
                               boolean two, int ow, float[] g, int dst, int x0, int x1) {
        for (int x = x0; x < x1; x++) {
            float even = cols[a1 + x];
            float odd = cols[a2 + x];
            if (x >= 1) {
                even += cols[a3 + x - 1];
            }
            if (x + 1 < ow) {
                odd = cols[a0 + x + 1] + odd;
            }
            if (two) {
                even += cols[b1 + x];
                if (x >= 1) {
                    even += cols[b3 + x - 1];
                }
                if (x + 1 < ow) {
                    odd += cols[b0 + x + 1];
                }
                odd += cols[b2 + x];
            }
            g[dst + 2 * x] = even;
            g[dst + 2 * x + 1] = odd;
        }
    }
}
