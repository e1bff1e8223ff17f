package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;

/**
 * col2im of the pix2pix transposed convolution (kernel 4, stride 2, padding 1: H x W -> 2H x 2W)
 * written as a gather: output row {@code 2i + a}, column {@code 2j + b} receives exactly the four
 * column-matrix entries with {@code ky = a ? {0 at i+1, 2 at i} : {1 at i, 3 at i-1}} and the same
 * for x, so each output row is two sums of shifted input rows (even and odd columns), the epilogue,
 * and one interleaved store. The general {@link ConvKernels#col2im} instead scatter-adds sixteen
 * strided passes into the plane. Used by the fused inference path only (training keeps the
 * general kernel and its summation order).
 */
final class Col2imK4S2 {
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[2][0]);

    private Col2imK4S2() {
    }

    static boolean applies(int kh, int kw, int h, int w, int outH, int outW, ConvSpec s) {
        return kh == 4 && kw == 4 && s.strideH() == 2 && s.strideW() == 2 && s.padH() == 1 && s.padW() == 1
                && s.dilationH() == 1 && s.dilationW() == 1 && outH == 2 * h && outW == 2 * w;
    }

    /**
     * Channel {@code c}'s plane at {@code g[plane]} (2h x 2w) from the column matrix {@code cols}
     * (rows (c, ky, kx), each h x w), through {@code ep} with row index c.
     */
    static void channel(float[] cols, int c, int h, int w, float[] g, int plane, Epilogue ep) {
        float[][] rows = ROWS.get();
        if (rows[0].length < w) {
            rows[0] = new float[w];
            rows[1] = new float[w];
        }
        float[] even = rows[0], odd = rows[1];
        int hw = h * w;
        int base = c * 16 * hw;
        for (int oy = 0; oy < 2 * h; oy++) {
            java.util.Arrays.fill(even, 0, w, 0f);
            java.util.Arrays.fill(odd, 0, w, 0f);
            int i = oy >> 1;
            if ((oy & 1) == 0) {
                addRow(cols, base + 1 * 4 * hw, i, h, w, even, odd);
                addRow(cols, base + 3 * 4 * hw, i - 1, h, w, even, odd);
            } else {
                addRow(cols, base, i + 1, h, w, even, odd);
                addRow(cols, base + 2 * 4 * hw, i, h, w, even, odd);
            }
            ep.applyRow(even, 0, w, c);
            ep.applyRow(odd, 0, w, c);
            Stride2.interleave(even, odd, w, g, plane + oy * 2 * w);
        }
    }

    /**
     * Adds input row {@code iy} of the four kx rows of one ky (starting at {@code kyBase}): even
     * columns take kx 1 at j and kx 3 at j-1, odd columns kx 0 at j+1 and kx 2 at j.
     */
    private static void addRow(float[] cols, int kyBase, int iy, int h, int w, float[] even, float[] odd) {
        if (iy < 0 || iy >= h) {
            return;
        }
        int hw = h * w;
        int r = kyBase + iy * w;
        ConvKernels.addInto(cols, r + hw, even, 0, w);               // kx 1 at j
        ConvKernels.addInto(cols, r + 3 * hw, even, 1, w - 1);       // kx 3 at j - 1
        ConvKernels.addInto(cols, r + 1, odd, 0, w - 1);             // kx 0 at j + 1
        ConvKernels.addInto(cols, r + 2 * hw, odd, 0, w);            // kx 2 at j
    }
}
