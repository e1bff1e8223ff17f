package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static dev.colorize.core.backend.simd.Parity.assertClose;
import static dev.colorize.core.backend.simd.Parity.out;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stride-2 vector loops on rows long enough to use them, and the convolutions that call them. */
class Stride2Test {
    @Test
    void gatherAndScatterAddMatchScalarLoopsAndStayInBounds() {
        Rng rng = new Rng(41);
        for (int n : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 64, 100}) {
            for (int s : new int[] {0, 1, 3}) {
                float[] src = Tensor.randn(rng, 2 * n + s + 1).toArray();
                float[] got = new float[n + 2];
                Stride2.gather(src, s, got, 1, n);
                for (int t = 0; t < n; t++) {
                    assertEquals(src[s + 2 * t], got[1 + t], "gather n=" + n + " s=" + s + " t=" + t);
                }
                float[] vals = Tensor.randn(rng, n + s).toArray();
                float[] dst = Tensor.randn(rng, 2 * n + 3).toArray();
                float[] expected = dst.clone();
                for (int t = 0; t < n; t++) {
                    expected[1 + 2 * t] += vals[s + t];
                }
                Stride2.scatterAdd(vals, s, dst, 1, n);
                for (int i = 0; i < dst.length; i++) {
                    assertEquals(expected[i], dst[i], "scatterAdd n=" + n + " s=" + s + " i=" + i);
                }
            }
        }
    }

    @Test
    void stride2ConvolutionsOnWideRowsMatchScalar() {
        Rng rng = new Rng(42);
        ConvSpec spec = ConvSpec.of(2, 1);
        for (int[] hw : new int[][] {{6, 70}, {9, 37}, {4, 128}}) {
            int h = hw[0], w = hw[1];
            int oh = spec.convOutH(h, 4), ow = spec.convOutW(w, 4);
            Tensor x = Tensor.randn(rng, 2, 3, h, w);
            Tensor wt = Tensor.randn(rng, 5, 3, 4, 4);
            Tensor e = out(2, 5, oh, ow), a = out(2, 5, oh, ow);
            SCALAR.conv2d(x, wt, null, e, spec);
            VECTOR.conv2d(x, wt, null, a, spec);
            assertClose("conv2d stride 2 " + h + "x" + w, e, a, 1e-4);
            Tensor gx = out(2, 3, h, w), gxRef = out(2, 3, h, w);
            SCALAR.conv2dInputGrad(e, wt, gxRef, spec);
            VECTOR.conv2dInputGrad(e, wt, gx, spec);
            assertClose("conv2dInputGrad stride 2 " + h + "x" + w, gxRef, gx, 1e-4);
            Tensor gw = out(5, 3, 4, 4), gwRef = out(5, 3, 4, 4);
            SCALAR.conv2dWeightGrad(x, e, gwRef, spec);
            VECTOR.conv2dWeightGrad(x, e, gw, spec);
            assertClose("conv2dWeightGrad stride 2 " + h + "x" + w, gwRef, gw, 1e-4);
        }
    }
}
