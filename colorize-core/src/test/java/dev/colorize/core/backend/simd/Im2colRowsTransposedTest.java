package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The weight gradient's B operand ({@link Im2col#rowsTransposed()}) packs the im2col matrix as
 * defined: {@code dst[panel][p][r] = x[c, oy*sH - pH + ky*dH, ox*sW - pW + kx*dW]} (0 in the padding)
 * for outer index {@code (c, ky, kx)} and k = output position {@code (oy, ox)}. Random geometries with
 * 4-wide kernels (the copy-by-four path, including blocks that start mid-row or off a multiple of 4,
 * which take the general path) and other widths, strided inputs, any block, both panel widths.
 */
class Im2colRowsTransposedTest {

    @Test
    void packsTheIm2colMatrixAsDefined() {
        Rng rng = new Rng(11);
        int checked = 0;
        for (int trial = 0; checked < 400; trial++) {
            int kh = 1 + rng.nextInt(5), kw = trial % 3 == 2 ? 1 + rng.nextInt(5) : 4;
            int channels = 1 + rng.nextInt(4), h = 1 + rng.nextInt(13), w = 1 + rng.nextInt(41);
            int sh = 1 + rng.nextInt(3), sw = 1 + rng.nextInt(2), dh = 1 + rng.nextInt(2);
            int dw = trial % 7 == 6 ? 2 : 1;
            ConvSpec spec = new ConvSpec(sh, sw, rng.nextInt(3), rng.nextInt(4), dh, dw, 0, 0);
            int oh = spec.convOutH(h, kh), ow = spec.convOutW(w, kw);
            if (oh < 1 || ow < 1) {
                continue;
            }
            checked++;
            int wStride = trial % 5 == 4 ? 2 : 1, hStride = w * wStride + rng.nextInt(3);
            int cStride = h * hStride + rng.nextInt(5), base = rng.nextInt(7);
            float[] x = new float[base + channels * cStride + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextFloat() - 0.5f;
            }
            Operand op = new Im2col(x, base, cStride, hStride, wStride, h, w, kh, kw, ow, spec).rowsTransposed();
            int n = oh * ow, k = channels * kh * kw;
            int width = rng.nextInt(2) == 0 ? Sgemm.MR : Sgemm.NR;
            // Mostly 4-aligned outer blocks (as the GEMM asks for them), sometimes not.
            int i0 = rng.nextInt(k), count = 1 + rng.nextInt(k - i0);
            if (trial % 4 != 3) {
                i0 -= i0 % 4;
                count = Math.min(k - i0, Math.max(4, count - count % 4));
            }
            int p0 = rng.nextInt(n), kc = 1 + rng.nextInt(n - p0);
            float[] dst = new float[Sgemm.ceilDiv(count, width) * width * kc];
            java.util.Arrays.fill(dst, Float.NaN);
            op.pack(dst, i0, count, p0, kc, width);
            for (int q = 0; q < count; q++) {
                int i = i0 + q, c = i / (kh * kw), ky = i / kw % kh, kx = i % kw;
                for (int p = 0; p < kc; p++) {
                    int j = p0 + p, oy = j / ow, ox = j % ow;
                    int iy = oy * sh - spec.padH() + ky * dh, ix = ox * sw - spec.padW() + kx * dw;
                    float expected = iy >= 0 && iy < h && ix >= 0 && ix < w
                            ? x[base + c * cStride + iy * hStride + ix * wStride] : 0f;
                    int at = q / width * width * kc + p * width + q % width;
                    assertEquals(expected, dst[at], "trial " + trial + ": " + channels + "x" + h + "x" + w + " k " + kh
                            + "x" + kw + " " + spec + " outer " + i + " k " + j + " width " + width);
                }
            }
            for (int q = count; q < Sgemm.ceilDiv(count, width) * width; q++) {
                for (int p = 0; p < kc; p++) {
                    assertEquals(0f, dst[q / width * width * kc + p * width + q % width], "padding lane " + q);
                }
            }
        }
        assertEquals(400, checked);
    }
}
