package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PhaseIm2col} packs exactly what {@link Im2col#columns()} packs (same floats, so the GEMM
 * gives bit-identical results), for random stride-2 geometries: odd and prime sizes, 1-wide images,
 * strided inputs, any padding and vertical stride / dilation, any block of rows and columns, both
 * panel widths of the GEMM.
 */
class PhaseIm2colTest {

    @Test
    void packsTheSameBlocksAsTheGatheringIm2col() {
        Rng rng = new Rng(7);
        int checked = 0;
        for (int trial = 0; checked < 300; trial++) {
            int kh = 1 + rng.nextInt(5), kw = 1 + rng.nextInt(5);
            int channels = 1 + rng.nextInt(5), h = 1 + rng.nextInt(13), w = 1 + rng.nextInt(41);
            int sh = 1 + rng.nextInt(3), dh = 1 + rng.nextInt(2);
            int ph = rng.nextInt(3), pw = rng.nextInt(4);
            ConvSpec spec = new ConvSpec(sh, 2, ph, pw, dh, 1, 0, 0);
            int oh = spec.convOutH(h, kh), ow = spec.convOutW(w, kw);
            if (oh < 1 || ow < 1) {
                continue;
            }
            checked++;
            // A strided view: channel and row padding, optionally a column step of 2 and an offset.
            int wStride = 1 + rng.nextInt(2), hStride = w * wStride + rng.nextInt(3);
            int cStride = h * hStride + rng.nextInt(5), base = rng.nextInt(7);
            float[] x = new float[base + channels * cStride + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextFloat() - 0.5f;
            }
            int size = PhaseIm2col.size(channels, h, kw, ow, spec);
            int offset = rng.nextInt(9);
            float[] phases = new float[offset + size];
            java.util.Arrays.fill(phases, Float.NaN);
            PhaseIm2col fast = PhaseIm2col.build(x, base, cStride, hStride, wStride, channels, h, w, kh, kw, ow, spec,
                    phases, offset);
            Operand ref = new Im2col(x, base, cStride, hStride, wStride, h, w, kh, kw, ow, spec).columns();
            int n = oh * ow, k = channels * kh * kw;
            int width = rng.nextInt(2) == 0 ? Sgemm.MR : Sgemm.NR;
            int j0 = rng.nextInt(n), count = 1 + rng.nextInt(n - j0);
            int p0 = rng.nextInt(k), kc = 1 + rng.nextInt(k - p0);
            int len = Sgemm.ceilDiv(count, width) * width * kc;
            float[] expected = new float[len], actual = new float[len];
            java.util.Arrays.fill(actual, Float.NaN);
            ref.pack(expected, j0, count, p0, kc, width);
            fast.pack(actual, j0, count, p0, kc, width);
            assertArrayEquals(expected, actual, "trial " + trial + ": " + channels + "x" + h + "x" + w + " k " + kh + "x"
                    + kw + " " + spec + " block j " + j0 + "+" + count + " p " + p0 + "+" + kc + " width " + width);
        }
        assertEquals(300, checked);
    }

    /** Whole convolutions on the new path against the scalar kernels, on 1 and 3 kernel threads. */
    @Test
    void stride2ConvolutionsMatchTheScalarKernels() {
        Rng rng = new Rng(8);
        int[] sizes = {1, 2, 3, 5, 7, 11, 13, 17};
        for (int trial = 0; trial < 24; trial++) {
            int k = 1 + rng.nextInt(5), pw = rng.nextInt(3);
            ConvSpec spec = new ConvSpec(1 + rng.nextInt(2), 2, rng.nextInt(2), pw, 1, 1, 0, 0);
            int batch = 1 + rng.nextInt(3), channels = sizes[rng.nextInt(5)], outC = sizes[rng.nextInt(sizes.length)];
            int h = sizes[rng.nextInt(sizes.length)], w = sizes[rng.nextInt(sizes.length)];
            if (spec.convOutH(h, k) < 1 || spec.convOutW(w, k) < 1) {
                continue;
            }
            Tensor x = Parity.randomView(rng, trial, batch, channels, h, w);
            Tensor wt = Tensor.randn(rng, outC, channels, k, k);
            Tensor bias = trial % 2 == 0 ? null : Tensor.randn(rng, outC);
            Tensor expected = Parity.out(batch, outC, spec.convOutH(h, k), spec.convOutW(w, k));
            Parity.SCALAR.conv2d(x, wt, bias, expected, spec);
            for (int threads : new int[] {1, 3}) {
                Tensor actual = Parity.out(batch, outC, spec.convOutH(h, k), spec.convOutW(w, k));
                Parity.withThreads(threads, () -> Parity.VECTOR.conv2d(x, wt, bias, actual, spec));
                Parity.assertClose("conv2d trial " + trial + " " + spec + " on " + threads + " threads", expected, actual,
                        1e-4);
            }
        }
    }

    @Test
    void appliesOnlyToHorizontalStrideTwoWithoutDilation() {
        assertTrue(PhaseIm2col.applies(ConvSpec.of(2, 1)));
        assertTrue(PhaseIm2col.applies(new ConvSpec(1, 2, 0, 3, 2, 1, 0, 0)));
        assertFalse(PhaseIm2col.applies(ConvSpec.of(1, 1)));
        assertFalse(PhaseIm2col.applies(new ConvSpec(2, 2, 1, 1, 1, 2, 0, 0)));
    }
}
