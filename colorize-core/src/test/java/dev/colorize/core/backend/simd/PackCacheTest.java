package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static dev.colorize.core.backend.simd.Parity.assertClose;
import static dev.colorize.core.backend.simd.Parity.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Convolutions through cached packed weights: reuse gives the same result, and in-place writes invalidate. */
class PackCacheTest {
    private int savedMin;

    @BeforeEach
    void cacheEverything() {
        savedMin = PackCache.minElements();
        PackCache.setMinElements(0);
        PackCache.clear();
    }

    @AfterEach
    void restore() {
        PackCache.setMinElements(savedMin);
        PackCache.clear();
    }

    @Test
    void conv2dReusesAndInvalidatesPackedWeights() {
        Rng rng = new Rng(5);
        ConvSpec spec = ConvSpec.of(2, 1);
        // 1x1 output (transposed GEMM path, weights packed NR wide) and 3x3 output (normal path, MR wide)
        for (int h : new int[] {2, 6}) {
            Tensor x = Tensor.randn(rng, 2, 5, h, h);
            Tensor w = Tensor.randn(rng, 19, 5, 4, 4);
            int oh = spec.convOutH(h, 4);
            for (int round = 0; round < 3; round++) {
                Tensor expected = out(2, 19, oh, oh);
                Tensor actual = out(2, 19, oh, oh);
                SCALAR.conv2d(x, w, null, expected, spec);
                VECTOR.conv2d(x, w, null, actual, spec);
                assertClose("conv2d h=" + h + " round " + round, expected, actual, 1e-4);
                // a second call with the same weights must reuse the cached copy and agree
                Tensor again = out(2, 19, oh, oh);
                VECTOR.conv2d(x, w, null, again, spec);
                assertClose("conv2d h=" + h + " round " + round + " cached", expected, again, 1e-4);
                w.copyFrom(Tensor.randn(rng, 19, 5, 4, 4));   // in place: must invalidate the packed copy
            }
        }
    }

    @Test
    void inputGradSeesWritesThatMarkTheStorage() {
        Rng rng = new Rng(6);
        ConvSpec spec = ConvSpec.of(2, 1);
        Tensor gy = Tensor.randn(rng, 3, 7, 1, 1);
        Tensor w = Tensor.randn(rng, 7, 9, 4, 4);
        float[] data = ((dev.colorize.core.backend.CpuStorage) w.storage()).data();
        for (int round = 0; round < 3; round++) {
            Tensor expected = out(3, 9, 2, 2);
            Tensor actual = out(3, 9, 2, 2);
            SCALAR.conv2dInputGrad(gy, w, expected, spec);
            VECTOR.conv2dInputGrad(gy, w, actual, spec);
            assertClose("conv2dInputGrad round " + round, expected, actual, 1e-4);
            for (int i = 0; i < data.length; i++) {
                data[i] = data[i] * 0.5f + 1f;   // an optimizer-style direct write ...
            }
            w.storage().markModified();           // ... announced as HostBuffer.commit does
        }
    }

    @Test
    void stridedWeightViewsPackCorrectly() {
        Rng rng = new Rng(8);
        ConvSpec spec = ConvSpec.of(1, 0);
        for (int layout = 0; layout < 4; layout++) {
            for (int h : new int[] {3, 9}) {
                Tensor x = Tensor.randn(rng, 2, 3, h, h);
                Tensor w = Parity.randomView(rng, layout, 11, 3, 3, 3);
                Tensor expected = out(2, 11, h - 2, h - 2);
                Tensor actual = out(2, 11, h - 2, h - 2);
                SCALAR.conv2d(x, w, null, expected, spec);
                VECTOR.conv2d(x, w, null, actual, spec);
                VECTOR.conv2d(x, w, null, actual, spec);
                assertClose("conv2d layout " + layout + " h " + h, expected, actual, 1e-4);
                Tensor gx = out(2, 3, h, h);
                Tensor gxRef = out(2, 3, h, h);
                SCALAR.conv2dInputGrad(expected, w, gxRef, spec);
                VECTOR.conv2dInputGrad(expected, w, gx, spec);
                assertClose("conv2dInputGrad layout " + layout + " h " + h, gxRef, gx, 1e-4);
            }
        }
    }

    @Test
    void keepsCopiesOfUnchangedWeightsOnlyAndStaysCorrectWhileTraining() {
        Rng rng = new Rng(7);
        Tensor x = Tensor.randn(rng, 1, 4, 4, 4);
        Tensor w = Tensor.randn(rng, 16, 4, 3, 3);
        ConvSpec spec = ConvSpec.of(1, 1);
        VECTOR.conv2d(x, w, null, out(1, 16, 4, 4), spec);
        long once = PackCache.bytes();
        assertTrue(once > 0, "first use keeps a packed copy");
        VECTOR.conv2d(x, w, null, out(1, 16, 4, 4), spec);
        assertEquals(once, PackCache.bytes(), "reuse adds nothing");
        for (int step = 0; step < 3; step++) {            // training: weights change between calls
            w.copyFrom(w.mul(0.9f).add(0.1f));
            Tensor expected = out(1, 16, 4, 4), actual = out(1, 16, 4, 4);
            SCALAR.conv2d(x, w, null, expected, spec);
            VECTOR.conv2d(x, w, null, actual, spec);
            assertClose("training step " + step, expected, actual, 1e-4);
            assertEquals(0, PackCache.bytes(), "changing weights are packed per call, not kept");
        }
        // A GAN step uses D's weights a few times between updates: no copy for those calls either.
        for (int call = 2; call < PackCache.SETTLE_CALLS; call++) {   // the last training call was the first
            VECTOR.conv2d(x, w, null, out(1, 16, 4, 4), spec);
            assertEquals(0, PackCache.bytes(), "call " + call + " at an unchanged version after training");
        }
        VECTOR.conv2d(x, w, null, out(1, 16, 4, 4), spec);   // weights have settled
        assertEquals(once, PackCache.bytes(), "kept again once the weights stop changing");
    }

    /**
     * Weights that require a gradient are being trained: their first forward and backward keep no
     * packed copy (it would go stale at the optimizer's first update, holding a second copy of the
     * whole network in between), yet they are kept once they settle, like any other.
     */
    @Test
    void trainableWeightsKeepNoCopyUntilTheySettle() {
        Rng rng = new Rng(9);
        Tensor x = Tensor.randn(rng, 1, 4, 4, 4);
        Tensor w = Tensor.randn(rng, 16, 4, 3, 3).requiresGrad(true);
        ConvSpec spec = ConvSpec.of(1, 1);
        Tensor expected = out(1, 16, 4, 4);
        SCALAR.conv2d(x, w, null, expected, spec);
        for (int call = 0; call < PackCache.SETTLE_CALLS - 1; call++) {
            Tensor actual = out(1, 16, 4, 4);
            VECTOR.conv2d(x, w, null, actual, spec);
            assertClose("trainable weights, call " + call, expected, actual, 1e-4);
            assertEquals(0, PackCache.bytes(), "call " + call + " of weights that require a gradient");
        }
        VECTOR.conv2d(x, w, null, out(1, 16, 4, 4), spec);
        assertTrue(PackCache.bytes() > 0, "kept once they have not changed for " + PackCache.SETTLE_CALLS + " calls");
    }

    /**
     * Through the op: a recorded forward of weights that require a gradient keeps no packed copy; under
     * noGrad such weights are constants of the call (inference) and are kept from the first call.
     */
    @Test
    void weightsThatRequireAGradientAreCachedAtOnceUnderNoGrad() {
        dev.colorize.core.backend.Backend saved = dev.colorize.core.backend.Backends.current();
        dev.colorize.core.backend.Backends.setCurrent(VECTOR);   // tensors made now run on the vector kernels
        try {
            Rng rng = new Rng(10);
            Tensor x = Tensor.randn(rng, 1, 4, 4, 4);
            ConvSpec spec = ConvSpec.of(1, 1);
            Tensor trainedW = Tensor.randn(rng, 16, 4, 3, 3).requiresGrad(true);
            Tensor trained = dev.colorize.core.F.conv2d(x, trainedW, null, spec);   // grad mode on: training
            assertTrue(trained.requiresGrad());
            assertEquals(0, PackCache.bytes(), "a recorded forward of trainable weights keeps no copy");

            Tensor w = Tensor.randn(rng, 16, 4, 3, 3).requiresGrad(true);
            Tensor expected = out(1, 16, 4, 4);
            SCALAR.conv2d(x, w, null, expected, spec);
            try (dev.colorize.core.autograd.GradMode.Scope s = dev.colorize.core.autograd.GradMode.noGrad()) {
                Tensor y = dev.colorize.core.F.conv2d(x, w, null, spec);
                assertClose("conv2d under noGrad", expected, y, 1e-4);
                assertTrue(PackCache.bytes() > 0, "inference keeps the packed weights from its first call");
            }
        } finally {
            dev.colorize.core.backend.Backends.setCurrent(saved);
        }
    }
}
