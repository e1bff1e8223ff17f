package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static dev.colorize.core.backend.simd.Parity.assertCloseToScale;
import static dev.colorize.core.backend.simd.Parity.out;
import static dev.colorize.core.backend.simd.Parity.randomView;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Winograd kernels of stride-1 convolutions, their input gradients and their weight gradients
 * against the scalar reference, called directly (on any geometry they support, small ones, empty
 * ones and tile rows of several vectors included), and the rule by which the backend picks them.
 */
class WinogradConvTest {
    private static final int[] EXTENTS = {1, 2, 3, 4, 5, 7, 11, 13, 17};

    /** F(m, r) in one dimension reproduces the correlation of alpha inputs with r taps, for every kernel size. */
    @Test
    void oneDimensionalTransformsAreExact() {
        Rng rng = new Rng(1);
        for (int r = 2; WinogradTransform.supports(r); r++) {
            WinogradTransform t = WinogradTransform.forKernel(r);
            int m = t.m(), alpha = t.alpha();
            assertEquals(WinogradTransform.ALPHA, alpha);
            float[] d = new float[alpha], g = new float[r];
            for (int i = 0; i < alpha; i++) {
                d[i] = (float) rng.nextGaussian();
            }
            for (int k = 0; k < r; k++) {
                g[k] = (float) rng.nextGaussian();
            }
            double[] product = new double[alpha];
            for (int j = 0; j < alpha; j++) {
                double gj = 0, dj = 0;
                for (int k = 0; k < r; k++) {
                    gj += t.g()[j * r + k] * g[k];
                }
                for (int i = 0; i < alpha; i++) {
                    dj += t.bt()[j * alpha + i] * d[i];
                }
                product[j] = gj * dj;
            }
            for (int i = 0; i < m; i++) {
                double direct = 0, winograd = 0;
                for (int k = 0; k < r; k++) {
                    direct += d[i + k] * g[k];
                }
                for (int j = 0; j < alpha; j++) {
                    winograd += t.at()[i * alpha + j] * product[j];
                }
                assertEquals(direct, winograd, 1e-5 * (1 + Math.abs(direct)), "F(" + m + "," + r + ") output " + i);
            }
        }
    }

    @Test
    void supportsStrideOneUndilatedSquareKernelsOfTwoToFive() {
        ConvSpec s1 = ConvSpec.of(1, 1);
        assertTrue(WinogradConv.supports(3, 3, s1));
        assertTrue(WinogradConv.supports(4, 4, s1));
        assertFalse(WinogradConv.supports(4, 4, ConvSpec.of(2, 1)));
        assertFalse(WinogradConv.supports(3, 3, ConvSpec.of(1, 2).withDilation(2, 2)));
        assertFalse(WinogradConv.supports(3, 1, s1));
        assertFalse(WinogradConv.supports(1, 1, s1));
        assertFalse(WinogradConv.supports(7, 7, s1));
        assertTrue(WinogradConv.supportsInputGrad(4, 4, ConvSpec.of(1, 3)));
        assertFalse(WinogradConv.supportsInputGrad(4, 4, ConvSpec.of(1, 4)));
    }

    /** The backend takes the path only where it was measured to pay: PatchGAN's 256 -> 512 layer, not 3x3 or thin layers. */
    @Test
    void paysForLargeFourByFourLayersOnly() {
        assertTrue(WinogradConv.shapePays(256, 512, 4, 4, 31, 31));
        assertTrue(WinogradConv.shapePays(512, 256, 4, 4, 31, 31));
        assertFalse(WinogradConv.shapePays(256, 512, 3, 4, 32, 32));
        assertFalse(WinogradConv.shapePays(256, 512, 5, 4, 30, 30));
        assertFalse(WinogradConv.shapePays(32, 512, 4, 4, 31, 31));
        assertFalse(WinogradConv.shapePays(256, 16, 4, 4, 31, 31));
        assertFalse(WinogradConv.shapePays(256, 512, 4, 1, 8, 8));
        assertEquals(WinogradConv.ENABLED && WinogradConv.fits(256, 512, 4, 4, 31, 31),
                WinogradConv.pays(256, 512, 4, 4, 31, 31));
        assertFalse(WinogradConv.pays(256, 512, 3, 4, 32, 32));
    }

    /** The heap share: a call's buffers (~47 MB for PatchGAN's layer at batch 4) fit a default heap; a huge one never does. */
    @Test
    void fitsBoundsTheBuffersByTheHeap() {
        long patchGan = 4 * WinogradConv.bufferFloats(256, 512, 4 * 11 * 11, 11);
        assertEquals(patchGan * 20 <= Runtime.getRuntime().maxMemory(), WinogradConv.fits(256, 512, 4, 4, 31, 31));
        assertFalse(WinogradConv.fits(8192, 8192, 4, 1, 8, 8), "36 x 8192^2 filter transforms exceed any heap share");
        assertFalse(WinogradConv.fits(64, 64, 4, 0, 31, 31), "no tiles");
    }

    /**
     * Planes whose tile rows span several vectors (and exactly one or two: 16 and 32 tiles wide on
     * AVX-512), for 3x3 and 4x4 kernels, all three kernels against the reference.
     */
    @Test
    void wideTileRowsMatchScalar() {
        Rng rng = new Rng(36);
        int[][] kernelAndWidth = {{4, 46}, {4, 48}, {4, 70}, {4, 96}, {3, 64}, {3, 128}, {3, 130}};
        for (int[] kw : kernelAndWidth) {
            int k = kw[0], ow = kw[1];
            ConvSpec spec = ConvSpec.of(1, 1);
            int h = 9, w = ow + k - 1 - 2;
            int oh = spec.convOutH(h, k);
            assertEquals(ow, spec.convOutW(w, k));
            String what = "k " + k + ", output width " + ow;
            Tensor x = Tensor.randn(rng, 2, 5, h, w);
            Tensor wt = Tensor.randn(rng, 7, 5, k, k);
            Tensor gy = Tensor.randn(rng, 2, 7, oh, ow);
            Tensor y = out(2, 7, oh, ow), yRef = out(2, 7, oh, ow);
            SCALAR.conv2d(x, wt, null, yRef, spec);
            WinogradConv.conv2d(x, wt, null, y, spec);
            assertCloseToScale("conv2d, " + what, yRef, y, 2e-5);
            Tensor gx = out(2, 5, h, w), gxRef = out(2, 5, h, w);
            SCALAR.conv2dInputGrad(gy, wt, gxRef, spec);
            WinogradConv.conv2dInputGrad(gy, wt, gx, spec);
            assertCloseToScale("input grad, " + what, gxRef, gx, 2e-5);
            Tensor gw = out(7, 5, k, k), gwRef = out(7, 5, k, k);
            SCALAR.conv2dWeightGrad(x, gy, gwRef, spec);
            WinogradConv.conv2dWeightGrad(x, gy, gw, spec);
            assertCloseToScale("weight grad, " + what, gwRef, gw, 2e-5);
        }
    }

    /** A batch of zero images: nothing to write, and a zero weight gradient (no division by an empty tile row). */
    @Test
    void emptyBatchesGiveEmptyOutputsAndZeroWeightGradients() {
        Rng rng = new Rng(37);
        ConvSpec spec = ConvSpec.of(1, 1);
        Tensor x = Tensor.zeros(0, 3, 6, 6), w = Tensor.randn(rng, 4, 3, 4, 4), gy = Tensor.zeros(0, 4, 5, 5);
        WinogradConv.conv2d(x, w, null, Tensor.zeros(0, 4, 5, 5), spec);
        WinogradConv.conv2dInputGrad(gy, w, Tensor.zeros(0, 3, 6, 6), spec);
        Tensor gw = Tensor.full(Float.NaN, 4, 3, 4, 4);
        WinogradConv.conv2dWeightGrad(x, gy, gw, spec);
        assertArrayEquals(new float[4 * 3 * 4 * 4], gw.toArray());
    }

    private record Case(int batch, int channels, int h, int w, int outC, int k, ConvSpec spec, int oh, int ow) {
        static Case random(Rng rng, boolean inputGrad) {
            while (true) {
                int k = 2 + rng.nextInt(4);
                int maxPad = inputGrad ? k : k + 2;
                ConvSpec spec = new ConvSpec(1, 1, rng.nextInt(maxPad), rng.nextInt(maxPad), 1, 1, 0, 0);
                int h = EXTENTS[rng.nextInt(EXTENTS.length)], w = EXTENTS[rng.nextInt(EXTENTS.length)];
                int oh = spec.convOutH(h, k), ow = spec.convOutW(w, k);
                if (oh > 0 && ow > 0) {
                    return new Case(1 + rng.nextInt(3), 16 + rng.nextInt(20), h, w, 16 + rng.nextInt(20), k, spec, oh, ow);
                }
            }
        }

        @Override
        public String toString() {
            return "x[" + batch + "," + channels + "," + h + "," + w + "] w[" + outC + "," + channels + "," + k + "," + k
                    + "] " + spec;
        }
    }

    @Test
    void forwardMatchesScalarOnRandomGeometries() {
        Rng rng = new Rng(31);
        for (int trial = 0; trial < 40; trial++) {
            Case c = Case.random(rng, false);
            assertTrue(WinogradConv.supports(c.k, c.k, c.spec), c.toString());
            Tensor x = randomView(rng, trial, c.batch, c.channels, c.h, c.w);
            Tensor w = randomView(rng, trial / 4, c.outC, c.channels, c.k, c.k);
            Tensor bias = trial % 3 == 0 ? null : Tensor.randn(rng, c.outC);
            Tensor expected = out(c.batch, c.outC, c.oh, c.ow);
            Tensor actual = Tensor.full(Float.NaN, c.batch, c.outC, c.oh, c.ow);
            SCALAR.conv2d(x, w, bias, expected, c.spec);
            WinogradConv.conv2d(x, w, bias, actual, c.spec);
            assertCloseToScale("winograd conv2d " + c, expected, actual, 2e-5);
        }
    }

    @Test
    void inputGradMatchesScalarOnRandomGeometries() {
        Rng rng = new Rng(32);
        for (int trial = 0; trial < 40; trial++) {
            Case c = Case.random(rng, true);
            assertTrue(WinogradConv.supportsInputGrad(c.k, c.k, c.spec), c.toString());
            Tensor gy = randomView(rng, trial, c.batch, c.outC, c.oh, c.ow);
            Tensor w = randomView(rng, trial / 4, c.outC, c.channels, c.k, c.k);
            Tensor expected = out(c.batch, c.channels, c.h, c.w);
            Tensor actual = Tensor.full(Float.NaN, c.batch, c.channels, c.h, c.w);
            SCALAR.conv2dInputGrad(gy, w, expected, c.spec);
            WinogradConv.conv2dInputGrad(gy, w, actual, c.spec);
            assertCloseToScale("winograd conv2dInputGrad " + c, expected, actual, 2e-5);
        }
    }

    @Test
    void weightGradMatchesScalarOnRandomGeometries() {
        Rng rng = new Rng(35);
        for (int trial = 0; trial < 40; trial++) {
            Case c = Case.random(rng, false);
            Tensor x = randomView(rng, trial, c.batch, c.channels, c.h, c.w);
            Tensor gy = randomView(rng, trial / 4, c.batch, c.outC, c.oh, c.ow);
            Tensor expected = out(c.outC, c.channels, c.k, c.k);
            Tensor actual = Tensor.full(Float.NaN, c.outC, c.channels, c.k, c.k);
            SCALAR.conv2dWeightGrad(x, gy, expected, c.spec);
            WinogradConv.conv2dWeightGrad(x, gy, actual, c.spec);
            assertCloseToScale("winograd conv2dWeightGrad " + c, expected, actual, 2e-5);
        }
    }

    /**
     * PatchGAN's stride-1 layer (k4 p1), and a 3x3 one, on a small plane, cut into chunks of a few
     * tile rows (some splitting an image) and run on 1 and 3 threads: the reference values, and the
     * same bits.
     */
    @Test
    void chunksAndThreadsDoNotChangeTheResult() {
        for (int k : new int[] {4, 3}) {
            chunksAndThreadsDoNotChangeTheResult(k);
        }
    }

    private static void chunksAndThreadsDoNotChangeTheResult(int k) {
        Rng rng = new Rng(33 + k);
        ConvSpec spec = ConvSpec.of(1, 1);
        int oh = spec.convOutH(14, k), ow = spec.convOutW(13, k);
        Tensor x = Tensor.randn(rng, 3, 24, 14, 13);
        Tensor w = Tensor.randn(rng, 40, 24, k, k);
        Tensor bias = Tensor.randn(rng, 40);
        Tensor gy = Tensor.randn(rng, 3, 40, oh, ow);
        Tensor expected = out(3, 40, oh, ow), expectedGx = out(3, 24, 14, 13), expectedGw = out(40, 24, k, k);
        SCALAR.conv2d(x, w, bias, expected, spec);
        SCALAR.conv2dInputGrad(gy, w, expectedGx, spec);
        SCALAR.conv2dWeightGrad(x, gy, expectedGw, spec);
        long before = WinogradConv.chunkFloats;
        try {
            float[] firstY = null, firstGx = null, firstGw = null;
            for (long chunk : new long[] {before, 36L * (24 + 40) * 5 * 2, 1}) {
                WinogradConv.chunkFloats = chunk;
                for (int threads : new int[] {1, 3}) {
                    Tensor y = Tensor.full(Float.NaN, 3, 40, oh, ow), gx = Tensor.full(Float.NaN, 3, 24, 14, 13);
                    Tensor gw = Tensor.full(Float.NaN, 40, 24, k, k);
                    Parity.withThreads(threads, () -> {
                        WinogradConv.conv2d(x, w, bias, y, spec);
                        WinogradConv.conv2dInputGrad(gy, w, gx, spec);
                        WinogradConv.conv2dWeightGrad(x, gy, gw, spec);
                    });
                    String what = k + "x" + k + ", chunk " + chunk + " floats, " + threads + " threads";
                    assertCloseToScale("conv2d, " + what, expected, y, 2e-5);
                    assertCloseToScale("input grad, " + what, expectedGx, gx, 2e-5);
                    assertCloseToScale("weight grad, " + what, expectedGw, gw, 2e-5);
                    if (firstY == null) {
                        firstY = y.toArray();
                        firstGx = gx.toArray();
                        firstGw = gw.toArray();
                    } else if (chunk == before) {
                        assertArrayEquals(firstY, y.toArray(), what);
                        assertArrayEquals(firstGx, gx.toArray(), what);
                        assertArrayEquals(firstGw, gw.toArray(), what);
                    } else {
                        // chunks sum the weight gradient's tiles in another grouping: close, not the same bits
                        assertArrayEquals(firstY, y.toArray(), what);
                        assertArrayEquals(firstGx, gx.toArray(), what);
                    }
                }
            }
        } finally {
            WinogradConv.chunkFloats = before;
        }
    }

    /**
     * A PatchGAN-like stride-1 layer (64 -> 80 channels, k4 p1, 4 x 32 x 32): the backend's conv2d,
     * input and weight gradients are the Winograd kernels' bits (so it takes the path) and the
     * reference's values.
     */
    @Test
    void backendTakesThePathWhereItPays() {
        Rng rng = new Rng(34);
        ConvSpec spec = ConvSpec.of(1, 1);
        Tensor x = Tensor.randn(rng, 4, 64, 32, 32);
        Tensor w = Tensor.randn(rng, 80, 64, 4, 4);
        Tensor gy = Tensor.randn(rng, 4, 80, 31, 31);
        assertTrue(WinogradConv.pays(64, 80, 4, 4, 31, 31) || !WinogradConv.ENABLED);
        Tensor expected = out(4, 80, 31, 31), viaBackend = out(4, 80, 31, 31), direct = out(4, 80, 31, 31);
        SCALAR.conv2d(x, w, null, expected, spec);
        VECTOR.conv2d(x, w, null, viaBackend, spec);
        WinogradConv.conv2d(x, w, null, direct, spec);
        assertCloseToScale("conv2d", expected, viaBackend, 2e-5);
        Tensor gxExpected = out(4, 64, 32, 32), gxBackend = out(4, 64, 32, 32), gxDirect = out(4, 64, 32, 32);
        SCALAR.conv2dInputGrad(gy, w, gxExpected, spec);
        VECTOR.conv2dInputGrad(gy, w, gxBackend, spec);
        WinogradConv.conv2dInputGrad(gy, w, gxDirect, spec);
        assertCloseToScale("input grad", gxExpected, gxBackend, 2e-5);
        Tensor gwExpected = out(80, 64, 4, 4), gwBackend = out(80, 64, 4, 4), gwDirect = out(80, 64, 4, 4);
        SCALAR.conv2dWeightGrad(x, gy, gwExpected, spec);
        VECTOR.conv2dWeightGrad(x, gy, gwBackend, spec);
        WinogradConv.conv2dWeightGrad(x, gy, gwDirect, spec);
        assertCloseToScale("weight grad", gwExpected, gwBackend, 2e-5);
        if (WinogradConv.ENABLED) {
            assertArrayEquals(gwDirect.toArray(), gwBackend.toArray(), "weight grad took the Winograd path");
            assertArrayEquals(direct.toArray(), viaBackend.toArray(), "conv2d took the Winograd path");
            assertArrayEquals(gxDirect.toArray(), gxBackend.toArray(), "input grad took the Winograd path");
        }
    }
}
