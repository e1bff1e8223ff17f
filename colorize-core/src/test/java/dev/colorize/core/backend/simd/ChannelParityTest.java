package dev.colorize.core.backend.simd;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static dev.colorize.core.backend.simd.Parity.assertClose;
import static dev.colorize.core.backend.simd.Parity.out;

/** Batch norm's channel kernels (moments, affine; backward sums, two-input affine) against the composed reference. */
class ChannelParityTest {
    private static final int[][] SHAPES = {{2, 3, 5, 7}, {1, 4, 17, 1}, {3, 2}, {2, 5, 3, 4, 2}, {4, 1, 33, 33}};

    @Test
    void momentsMatchScalar() {
        Rng rng = new Rng(31);
        for (int[] shape : SHAPES) {
            for (int layout = 0; layout < 3; layout++) {
                // offset data far from zero: the centred second pass must not lose the variance
                Tensor x = Parity.randomView(rng, layout, shape).mul(0.5f).add(3f);
                int c = shape[1];
                Tensor m0 = out(c), v0 = out(c), m1 = out(c), v1 = out(c);
                SCALAR.channelMoments(x, m0, v0);
                VECTOR.channelMoments(x, m1, v1);
                String what = java.util.Arrays.toString(shape) + " layout " + layout;
                assertClose("mean " + what, m0, m1, 1e-5);
                assertClose("var " + what, v0, v1, 1e-4);
            }
        }
    }

    @Test
    void affineMatchesScalar() {
        Rng rng = new Rng(32);
        for (int[] shape : SHAPES) {
            for (int layout = 0; layout < 4; layout++) {
                Tensor x = Parity.randomView(rng, layout, shape);
                int c = shape[1];
                Tensor scale = Parity.randomView(rng, layout, c);
                Tensor shift = layout == 3 ? null : Tensor.randn(rng, c);
                Tensor e = out(shape), a = Tensor.full(Float.NaN, shape);
                SCALAR.channelAffine(x, scale, shift, e);
                VECTOR.channelAffine(x, scale, shift, a);
                assertClose("affine " + java.util.Arrays.toString(shape) + " layout " + layout, e, a, 1e-5);
            }
        }
    }

    @Test
    void gradSumsMatchScalar() {
        Rng rng = new Rng(33);
        for (int[] shape : SHAPES) {
            for (int layout = 0; layout < 4; layout++) {
                Tensor x = Parity.randomView(rng, layout, shape).add(2f);
                Tensor g = Parity.randomView(rng, layout + 1, shape);
                int c = shape[1];
                Tensor mean = Tensor.randn(rng, c).add(2f);
                Tensor s0 = out(c), c0 = out(c), s1 = Tensor.full(Float.NaN, c), c1 = Tensor.full(Float.NaN, c);
                SCALAR.channelGradSums(g, x, mean, s0, c0);
                VECTOR.channelGradSums(g, x, mean, s1, c1);
                String what = java.util.Arrays.toString(shape) + " layout " + layout;
                assertClose("sum(g) " + what, s0, s1, 1e-4);
                assertClose("sum(g * (x - mean)) " + what, c0, c1, 1e-4);
            }
        }
    }

    @Test
    void twoInputAffineMatchesScalar() {
        Rng rng = new Rng(34);
        for (int[] shape : SHAPES) {
            for (int layout = 0; layout < 4; layout++) {
                Tensor a = Parity.randomView(rng, layout, shape);
                Tensor b = Parity.randomView(rng, layout + 2, shape);
                int c = shape[1];
                Tensor scaleA = Parity.randomView(rng, layout, c), scaleB = Tensor.randn(rng, c);
                Tensor shift = layout == 3 ? null : Tensor.randn(rng, c);
                Tensor e = out(shape), o = Tensor.full(Float.NaN, shape);
                SCALAR.channelAffine2(a, scaleA, b, scaleB, shift, e);
                VECTOR.channelAffine2(a, scaleA, b, scaleB, shift, o);
                assertClose("affine2 " + java.util.Arrays.toString(shape) + " layout " + layout, e, o, 1e-5);
            }
        }
    }
}
