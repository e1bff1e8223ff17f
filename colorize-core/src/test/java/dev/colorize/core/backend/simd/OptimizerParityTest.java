package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.AdamUpdate;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.RmspropUpdate;
import dev.colorize.core.backend.SgdUpdate;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API optimizer updates against the scalar reference: bit-identical parameters and
 * state after several steps, on sizes around the vector length, primes, 1, and one size large
 * enough to be split across the pool; gradients contiguous and strided.
 */
class OptimizerParityTest {
    /** 1, small primes, a vector length +- 1, and a size above two parallel grains. */
    private static final int[] SIZES = {1, 2, 3, 15, 16, 17, 61, 257, 2 * (1 << 16) + 37};
    private static final int STEPS = 3;

    /** One update, as a function of the backend, the step count and the tensors [param, grad, state...]. */
    @FunctionalInterface
    private interface Update {
        void apply(Backend b, long step, Tensor[] t);
    }

    private static void assertParity(String what, int states, Update update) {
        for (int n : SIZES) {
            for (boolean stridedGrad : new boolean[] {false, true}) {
                List<float[]> ref = run(SCALAR, n, states, stridedGrad, update);
                List<float[]> vec = run(VECTOR, n, states, stridedGrad, update);
                for (int i = 0; i < ref.size(); i++) {
                    assertArrayEquals(bits(ref.get(i)), bits(vec.get(i)),
                            what + " n=" + n + " stridedGrad=" + stridedGrad + " tensor " + i + " (0 = param)");
                }
            }
        }
    }

    /** Runs STEPS updates from seeded data; returns the parameter and the state tensors. */
    private static List<float[]> run(Backend b, int n, int states, boolean stridedGrad, Update update) {
        Rng rng = new Rng(n * 31L + states);
        Tensor[] t = new Tensor[2 + states];
        t[0] = Tensor.zeros(b, n).copyFrom(Tensor.randn(rng, n));
        for (int s = 0; s < states; s++) {
            t[2 + s] = Tensor.zeros(b, n);
        }
        for (int step = 1; step <= STEPS; step++) {
            Tensor g = Tensor.randn(rng, stridedGrad ? 2 * n : n);
            t[1] = stridedGrad ? g.slice(0, 0, 2 * n, 2) : g;
            update.apply(b, step, t);
        }
        List<float[]> out = new ArrayList<>();
        out.add(t[0].toArray());
        for (int s = 0; s < states; s++) {
            out.add(t[2 + s].toArray());
        }
        return out;
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    @Test
    void adamAndAdamWAreBitIdentical() {
        for (double wd : new double[] {0, 0.05}) {
            for (boolean decoupled : new boolean[] {false, true}) {
                assertParity("adam wd=" + wd + " decoupled=" + decoupled, 2, (b, step, t) -> b.adamStep(
                        new AdamUpdate(2e-3, 0.9, 0.999, 1e-8, wd, decoupled, step), t[0], t[1], t[2], t[3]));
            }
        }
    }

    @Test
    void rmspropIsBitIdenticalWithEveryOption() {
        for (boolean centered : new boolean[] {false, true}) {
            for (double momentum : new double[] {0, 0.9}) {
                double wd = centered ? 0.01 : 0;
                assertParity("rmsprop centered=" + centered + " momentum=" + momentum, 3, (b, step, t) -> b.rmspropStep(
                        new RmspropUpdate(1e-2, 0.9, 1e-8, wd, momentum, centered), t[0], t[1], t[2],
                        centered ? t[3] : null, momentum > 0 ? t[4] : null));
            }
        }
    }

    @Test
    void sgdIsBitIdenticalWithEveryOption() {
        assertParity("sgd plain", 0, (b, step, t) -> b.sgdStep(new SgdUpdate(0.1, 0, 0, 0, false, step == 1), t[0], t[1], null));
        assertParity("sgd momentum dampening wd", 1, (b, step, t) -> b.sgdStep(
                new SgdUpdate(0.1, 0.9, 0.3, 0.01, false, step == 1), t[0], t[1], t[2]));
        assertParity("sgd nesterov", 1, (b, step, t) -> b.sgdStep(
                new SgdUpdate(0.1, 0.9, 0, 0, true, step == 1), t[0], t[1], t[2]));
    }

    @Test
    void badStateIsRejectedNamingTheOp() {
        for (Backend b : new Backend[] {SCALAR, VECTOR}) {
            Tensor p = Tensor.zeros(b, 4, 3), g = Tensor.zeros(b, 4, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.adamStep(new AdamUpdate(1e-3, 0.9, 0.999, 1e-8, 0, false, 1), p, g, Tensor.zeros(b, 12),
                            Tensor.zeros(b, 4, 3)));
            assertTrue(e.getMessage().startsWith("adamStep"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.sgdStep(new SgdUpdate(0.1, 0.9, 0, 0, false, true), p, g, null));
            assertThrows(IllegalArgumentException.class, () -> b.rmspropStep(
                    new RmspropUpdate(0.1, 0.9, 1e-8, 0, 0, true), p, g, Tensor.zeros(b, 4, 3), null, null));
        }
    }
}
