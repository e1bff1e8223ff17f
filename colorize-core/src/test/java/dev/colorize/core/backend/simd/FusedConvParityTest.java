package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.backend.FusedConv;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static dev.colorize.core.backend.simd.Parity.assertClose;
import static dev.colorize.core.backend.simd.Parity.out;
import static dev.colorize.core.backend.simd.Parity.randomView;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Backend.convFused} of both kernel sets (the Vector API epilogue kernels and the default
 * composition the scalar backend inherits) against the unfused reference written out here: scalar
 * conv2d / conv2dInputGrad of the activated input, then scale, shift and activation element by
 * element. The output is a channel slice of a NaN-filled buffer, so a write outside it shows.
 */
class FusedConvParityTest {
    private static final float[] SLOPES = {FusedConv.NONE, 0f, 0.2f};

    private record Geometry(int batch, int inC, int h, int w, int outC, int k, ConvSpec spec, boolean transposed) {
        int oh() {
            return transposed ? spec.transposedOutH(h, k) : spec.convOutH(h, k);
        }

        int ow() {
            return transposed ? spec.transposedOutW(w, k) : spec.convOutW(w, k);
        }

        int[] weightShape() {
            return transposed ? new int[] {inC, outC, k, k} : new int[] {outC, inC, k, k};
        }
    }

    @Test
    void randomGeometriesMatchTheUnfusedReferenceOnBothKernelSets() {
        Rng rng = new Rng(41);
        int trials = 0;
        for (int trial = 0; trials < 48; trial++) {
            int k = 1 + rng.nextInt(4);
            int stride = 1 + rng.nextInt(2);
            ConvSpec spec = ConvSpec.of(stride, rng.nextInt(Math.min(k, 2)));
            Geometry g = new Geometry(1 + rng.nextInt(2), 1 + rng.nextInt(6), 1 + rng.nextInt(9), 1 + rng.nextInt(9),
                    1 + rng.nextInt(12), k, spec, trial % 2 == 1);
            if (g.oh() < 1 || g.ow() < 1 || (!g.transposed && (g.h + 2 * spec.padH() < k || g.w + 2 * spec.padW() < k))) {
                continue;
            }
            trials++;
            check(rng, g, trial);
        }
    }

    /** The shapes that reach the GEMM's other paths: k beyond one reduction block, narrow outputs, U-Net layers. */
    @Test
    void unetLikeLayersMatch() {
        Rng rng = new Rng(42);
        check(rng, new Geometry(1, 24, 16, 16, 20, 4, ConvSpec.of(2, 1), false), 0);   // k = 384 > KC: two blocks
        check(rng, new Geometry(2, 40, 4, 4, 36, 4, ConvSpec.of(2, 1), false), 1);    // 2x2 output: transposed GEMM
        check(rng, new Geometry(1, 70, 1, 1, 9, 4, ConvSpec.of(2, 1), true), 2);      // 1x1 input, k = 70
        check(rng, new Geometry(2, 16, 8, 8, 12, 4, ConvSpec.of(2, 1), true), 3);
        check(rng, new Geometry(1, 6, 12, 12, 5, 3, ConvSpec.of(1, 1), false), 4);    // upsample decoder's 3x3
        check(rng, new Geometry(2, 5, 3, 37, 4, 4, ConvSpec.of(2, 1), true), 5);     // wide rows: vector col2im
    }

    private static void check(Rng rng, Geometry g, int variant) {
        Tensor x = randomView(rng, variant, g.batch, g.inC, g.h, g.w);
        Tensor w = Tensor.randn(rng, g.weightShape()).mul(0.3f);
        Tensor scale = variant % 3 == 2 ? null : Tensor.rand(rng, g.outC).add(0.5f);
        Tensor shift = variant % 4 == 3 ? null : Tensor.randn(rng, g.outC);
        FusedConv f = new FusedConv(g.spec, g.transposed, SLOPES[variant % 3], SLOPES[(variant / 3) % 3]);
        Tensor expected = reference(x, w, scale, shift, f, g);
        for (Backend b : new Backend[] {VECTOR, SCALAR}) {
            int before = 1 + variant % 2, after = variant % 3;
            Tensor buffer = Tensor.full(Float.NaN, g.batch, before + g.outC + after, g.oh(), g.ow());
            Tensor slice = buffer.slice(1, before, before + g.outC);
            b.convFused(x, w, scale, shift, slice, f);
            String what = b.name() + " " + g + " " + f;
            assertClose(what, expected, slice.contiguous(), 2e-4);
            float[] rest = Tensor.cat(1, buffer.slice(1, 0, before), buffer.slice(1, before + g.outC, buffer.size(1)))
                    .toArray();
            for (float v : rest) {
                assertTrue(Float.isNaN(v), what + ": wrote outside its output slice");
            }
        }
    }

    private static Tensor reference(Tensor x, Tensor w, Tensor scale, Tensor shift, FusedConv f, Geometry g) {
        float[] xs = x.toArray();
        for (int i = 0; i < xs.length; i++) {
            xs[i] = FusedConv.activate(xs[i], f.inputSlope());
        }
        Tensor in = Tensor.of(xs, x.shape());
        Tensor y = out(g.batch, g.outC, g.oh(), g.ow());
        if (g.transposed) {
            SCALAR.conv2dInputGrad(in, w, y, g.spec);
        } else {
            SCALAR.conv2d(in, w, null, y, g.spec);
        }
        float[] v = y.toArray();
        float[] sc = scale == null ? null : scale.toArray();
        float[] sh = shift == null ? null : shift.toArray();
        int plane = g.oh() * g.ow();
        for (int i = 0; i < v.length; i++) {
            int c = i / plane % g.outC;
            float t = v[i] * (sc == null ? 1f : sc[c]) + (sh == null ? 0f : sh[c]);
            v[i] = FusedConv.activate(t, f.outputSlope());
        }
        return Tensor.of(v, y.shape());
    }
}
