package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static dev.colorize.core.backend.simd.Parity.assertClose;
import static dev.colorize.core.backend.simd.Parity.out;
import static dev.colorize.core.backend.simd.Parity.randomView;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** conv2d, its input gradient (= transposed convolution) and its weight gradient against the reference. */
class ConvParityTest {
    private static final int[] EXTENTS = {1, 2, 3, 5, 7, 8, 11};

    /** One random geometry with a non-empty output. */
    private record Case(int batch, int channels, int h, int w, int outC, int kh, int kw, ConvSpec spec, int oh, int ow) {
        static Case random(Rng rng) {
            while (true) {
                int kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4);
                ConvSpec spec = new ConvSpec(1 + rng.nextInt(3), 1 + rng.nextInt(3), rng.nextInt(3), rng.nextInt(2),
                        1 + rng.nextInt(2), 1 + rng.nextInt(2), 0, 0);
                int h = EXTENTS[rng.nextInt(EXTENTS.length)], w = EXTENTS[rng.nextInt(EXTENTS.length)];
                int oh = spec.convOutH(h, kh), ow = spec.convOutW(w, kw);
                if (oh > 0 && ow > 0) {
                    return new Case(1 + rng.nextInt(2), 1 + rng.nextInt(5), h, w, 1 + rng.nextInt(11), kh, kw, spec, oh, ow);
                }
            }
        }

        @Override
        public String toString() {
            return "x[" + batch + "," + channels + "," + h + "," + w + "] w[" + outC + "," + channels + "," + kh + ","
                    + kw + "] " + spec;
        }
    }

    @Test
    void conv2dMatchesScalarOnRandomGeometries() {
        Rng rng = new Rng(21);
        for (int trial = 0; trial < 40; trial++) {
            Case c = Case.random(rng);
            Tensor x = randomView(rng, trial, c.batch, c.channels, c.h, c.w);
            Tensor w = randomView(rng, trial / 4, c.outC, c.channels, c.kh, c.kw);
            Tensor bias = trial % 3 == 0 ? null : Tensor.randn(rng, c.outC);
            Tensor expected = out(c.batch, c.outC, c.oh, c.ow);
            Tensor actual = out(c.batch, c.outC, c.oh, c.ow);
            SCALAR.conv2d(x, w, bias, expected, c.spec);
            VECTOR.conv2d(x, w, bias, actual, c.spec);
            assertClose("conv2d " + c, expected, actual, 1e-4);
        }
    }

    @Test
    void inputGradMatchesScalarOnRandomGeometries() {
        Rng rng = new Rng(22);
        for (int trial = 0; trial < 40; trial++) {
            Case c = Case.random(rng);
            Tensor gy = randomView(rng, trial, c.batch, c.outC, c.oh, c.ow);
            Tensor w = randomView(rng, trial / 4, c.outC, c.channels, c.kh, c.kw);
            Tensor expected = out(c.batch, c.channels, c.h, c.w);
            Tensor actual = Tensor.full(Float.NaN, c.batch, c.channels, c.h, c.w);
            SCALAR.conv2dInputGrad(gy, w, expected, c.spec);
            VECTOR.conv2dInputGrad(gy, w, actual, c.spec);
            assertClose("conv2dInputGrad " + c, expected, actual, 1e-4);
        }
    }

    @Test
    void weightGradMatchesScalarOnRandomGeometries() {
        Rng rng = new Rng(23);
        for (int trial = 0; trial < 40; trial++) {
            Case c = Case.random(rng);
            Tensor x = randomView(rng, trial, c.batch, c.channels, c.h, c.w);
            Tensor gy = randomView(rng, trial / 4, c.batch, c.outC, c.oh, c.ow);
            Tensor expected = out(c.outC, c.channels, c.kh, c.kw);
            Tensor actual = Tensor.full(Float.NaN, c.outC, c.channels, c.kh, c.kw);
            SCALAR.conv2dWeightGrad(x, gy, expected, c.spec);
            VECTOR.conv2dWeightGrad(x, gy, actual, c.spec);
            assertClose("conv2dWeightGrad " + c, expected, actual, 1e-4);
        }
    }

    /**
     * Few output channels and stride 1 (PatchGAN's last layer) take {@link NarrowConv}'s padded-plane
     * kernels: all three against the reference, on planes wide enough for whole vectors plus a tail,
     * with dilations, paddings and strided views, on three threads.
     */
    @Test
    void narrowOutputConvsMatchScalar() {
        Rng rng = new Rng(25);
        int[] widths = {1, 5, 17, 31, 40};
        Parity.withThreads(3, () -> {
            for (int trial = 0; trial < 30; trial++) {
                int kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4);
                ConvSpec spec = new ConvSpec(1, 1, rng.nextInt(3), rng.nextInt(3), 1 + rng.nextInt(2),
                        1 + rng.nextInt(2), 0, 0);
                int h = 3 + rng.nextInt(12), w = widths[rng.nextInt(widths.length)];
                int oh = spec.convOutH(h, kh), ow = spec.convOutW(w, kw);
                if (oh <= 0 || ow <= 0) {
                    continue;
                }
                int batch = 1 + rng.nextInt(3), channels = 1 + rng.nextInt(9), outC = 1 + rng.nextInt(NarrowConv.MAX_OUT);
                String what = "x[" + batch + "," + channels + "," + h + "," + w + "] outC " + outC + " k" + kh + "x" + kw
                        + " " + spec;
                Tensor x = randomView(rng, trial, batch, channels, h, w);
                Tensor wt = randomView(rng, trial / 3, outC, channels, kh, kw);
                Tensor gy = randomView(rng, trial / 2, batch, outC, oh, ow);
                Tensor bias = trial % 2 == 0 ? null : Tensor.randn(rng, outC);
                Tensor y = out(batch, outC, oh, ow);
                assertTrue(NarrowConv.applies(outC, spec), what);
                Tensor e1 = out(batch, outC, oh, ow);
                SCALAR.conv2d(x, wt, bias, e1, spec);
                VECTOR.conv2d(x, wt, bias, y, spec);
                assertClose("conv2d " + what, e1, y, 1e-4);
                Tensor e2 = out(batch, channels, h, w), a2 = Tensor.full(Float.NaN, batch, channels, h, w);
                SCALAR.conv2dInputGrad(gy, wt, e2, spec);
                VECTOR.conv2dInputGrad(gy, wt, a2, spec);
                assertClose("conv2dInputGrad " + what, e2, a2, 1e-4);
                Tensor e3 = out(outC, channels, kh, kw), a3 = Tensor.full(Float.NaN, outC, channels, kh, kw);
                SCALAR.conv2dWeightGrad(x, gy, e3, spec);
                VECTOR.conv2dWeightGrad(x, gy, a3, spec);
                assertClose("conv2dWeightGrad " + what, e3, a3, 1e-4);
            }
        });
    }

    /** The pix2pix down/up layer geometry (k4 s2 p1) at a size that splits into several slabs and threads. */
    @Test
    void unetLayerGeometryOnThreeThreads() {
        Rng rng = new Rng(24);
        ConvSpec spec = ConvSpec.of(2, 1);
        Tensor x = Tensor.randn(rng, 2, 6, 18, 18);
        Tensor w = Tensor.randn(rng, 20, 6, 4, 4);
        Tensor gy = Tensor.randn(rng, 2, 20, 9, 9);
        Parity.withThreads(3, () -> {
            Tensor e1 = out(2, 20, 9, 9), a1 = out(2, 20, 9, 9);
            SCALAR.conv2d(x, w, null, e1, spec);
            VECTOR.conv2d(x, w, null, a1, spec);
            assertClose("conv2d k4s2p1", e1, a1, 1e-4);
            Tensor e2 = out(2, 6, 18, 18), a2 = out(2, 6, 18, 18);
            SCALAR.conv2dInputGrad(gy, w, e2, spec);
            VECTOR.conv2dInputGrad(gy, w, a2, spec);
            assertClose("convTranspose k4s2p1", e2, a2, 1e-4);
            Tensor e3 = out(20, 6, 4, 4), a3 = out(20, 6, 4, 4);
            SCALAR.conv2dWeightGrad(x, gy, e3, spec);
            VECTOR.conv2dWeightGrad(x, gy, a3, spec);
            assertClose("weight grad k4s2p1", e3, a3, 1e-4);
        });
    }

    /**
     * The input gradient of a batch on 2 and 4 threads (each image's product cut into slabs, its
     * col2im split by channel): the scalar kernels' values, and the same bits as on one thread, which
     * bit-identical resumed training relies on.
     */
    @Test
    void inputGradientOnSeveralThreadsGivesTheBitsOfOne() {
        Rng rng = new Rng(26);
        for (ConvSpec spec : new ConvSpec[] {ConvSpec.of(2, 1), ConvSpec.of(1, 1)}) {
            Tensor w = Tensor.randn(rng, 20, 6, 4, 4);
            int oh = spec.convOutH(18, 4), ow = spec.convOutW(22, 4);
            Tensor gy = randomView(rng, 1, 4, 20, oh, ow);
            Tensor expected = out(4, 6, 18, 22), one = out(4, 6, 18, 22);
            SCALAR.conv2dInputGrad(gy, w, expected, spec);
            Parity.withThreads(1, () -> VECTOR.conv2dInputGrad(gy, w, one, spec));
            for (int threads : new int[] {2, 4}) {
                Tensor many = Tensor.full(Float.NaN, 4, 6, 18, 22);
                Parity.withThreads(threads, () -> VECTOR.conv2dInputGrad(gy, w, many, spec));
                assertClose("input grad " + spec + " on " + threads + " threads", expected, many, 1e-4);
                assertArrayEquals(one.toArray(), many.toArray(), spec + ": " + threads + " threads vs 1");
            }
        }
    }

    /** The PatchGAN first layer of the variant reference set (batch 2, 3 channels, 66 x 70, k4 s2 p1). */
    @Test
    void allThreeKernelsMatchOnAMidSizedBatchedLayer() {
        Rng rng = new Rng(23);
        ConvSpec spec = ConvSpec.of(2, 1);
        Tensor x = Tensor.randn(rng, 2, 3, 66, 70);
        Tensor w = Tensor.randn(rng, 5, 3, 4, 4);
        Tensor gy = Tensor.randn(rng, 2, 5, 33, 35);
        Tensor expected = out(2, 5, 33, 35);
        Tensor actual = out(2, 5, 33, 35);
        Tensor bias = Tensor.randn(rng, 5);
        SCALAR.conv2d(x, w, bias, expected, spec);
        VECTOR.conv2d(x, w, bias, actual, spec);
        assertClose("conv2d", expected, actual, 1e-4);
        Tensor gxExpected = out(2, 3, 66, 70);
        Tensor gxActual = out(2, 3, 66, 70);
        SCALAR.conv2dInputGrad(gy, w, gxExpected, spec);
        VECTOR.conv2dInputGrad(gy, w, gxActual, spec);
        assertClose("conv2dInputGrad", gxExpected, gxActual, 1e-4);
        Tensor gwExpected = out(5, 3, 4, 4);
        Tensor gwActual = out(5, 3, 4, 4);
        SCALAR.conv2dWeightGrad(x, gy, gwExpected, spec);
        VECTOR.conv2dWeightGrad(x, gy, gwActual, spec);
        assertClose("conv2dWeightGrad", gwExpected, gwActual, 1e-4);
    }

    /** PatchGAN's second layer of the variant set: the input gradient onto an odd 33 x 35 map. */
    @Test
    void inputGradOntoAnOddSizedMapWithStrideTwo() {
        Rng rng = new Rng(24);
        ConvSpec spec = ConvSpec.of(2, 1);
        Tensor w = Tensor.randn(rng, 10, 5, 4, 4);
        Tensor gy = Tensor.randn(rng, 2, 10, 16, 17);
        // earlier calls of other sizes leave their scratch buffers behind on this thread
        for (int[] g : new int[][] {{2, 40, 4, 5, 20, 8, 10}, {2, 20, 8, 9, 10, 16, 17}, {1, 3, 70, 66, 4, 140, 132}}) {
            Tensor gy0 = Tensor.randn(rng, g[0], g[1], g[2], g[3]);
            Tensor w0 = Tensor.randn(rng, g[1], g[4], 4, 4);
            Tensor e0 = out(g[0], g[4], g[5], g[6]);
            Tensor a0 = out(g[0], g[4], g[5], g[6]);
            SCALAR.conv2dInputGrad(gy0, w0, e0, spec);
            VECTOR.conv2dInputGrad(gy0, w0, a0, spec);
            assertClose("conv2dInputGrad warm-up " + java.util.Arrays.toString(g), e0, a0, 1e-4);
        }
        Tensor expected = out(2, 5, 33, 35);
        Tensor actual = out(2, 5, 33, 35);
        SCALAR.conv2dInputGrad(gy, w, expected, spec);
        VECTOR.conv2dInputGrad(gy, w, actual, spec);
        assertClose("conv2dInputGrad onto 33x35", expected, actual, 1e-4);
    }
}
