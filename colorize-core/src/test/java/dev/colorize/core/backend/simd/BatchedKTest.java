package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static dev.colorize.core.backend.simd.Parity.assertClose;
import static dev.colorize.core.backend.simd.Parity.out;

/**
 * Long reductions: the weight gradient as one product over the batch (KC blocks that straddle
 * images), and plain products spanning several {@link Sgemm#KC_MATMUL} blocks.
 */
class BatchedKTest {
    @Test
    void matmulOverSeveralReductionBlocksMatchesScalar() {
        Rng rng = new Rng(52);
        for (int k : new int[] {Sgemm.KC_MATMUL - 1, Sgemm.KC_MATMUL + 1, 2 * Sgemm.KC_MATMUL + 77}) {
            Tensor a = Tensor.randn(rng, 2, 9, k);
            Tensor b = Tensor.randn(rng, 2, k, 37);
            Tensor e = out(2, 9, 37), got = out(2, 9, 37);
            SCALAR.matmul(a, b, e);
            VECTOR.matmul(a, b, got);
            assertClose("matmul k=" + k, e, got, 1e-4);
        }
    }

    @Test
    void weightGradOverImagesMatchesScalar() {
        Rng rng = new Rng(51);
        // output positions per image: 660 (blocks of 256 straddle images), 100, 1, 4
        int[][] geometries = {{3, 2, 22, 30, 3, 1, 1}, {4, 3, 10, 10, 3, 1, 1}, {5, 6, 2, 2, 4, 2, 1}, {3, 5, 4, 4, 4, 2, 1}};
        for (int[] g : geometries) {
            int batch = g[0], c = g[1], h = g[2], w = g[3], k = g[4];
            ConvSpec spec = ConvSpec.of(g[5], g[6]);
            int oh = spec.convOutH(h, k), ow = spec.convOutW(w, k);
            for (int layout = 0; layout < 2; layout++) {
                Tensor x = Parity.randomView(rng, layout, batch, c, h, w);
                Tensor gy = Parity.randomView(rng, layout + 1, batch, 7, oh, ow);
                Tensor e = out(7, c, k, k), a = Tensor.full(Float.NaN, 7, c, k, k);
                SCALAR.conv2dWeightGrad(x, gy, e, spec);
                VECTOR.conv2dWeightGrad(x, gy, a, spec);
                assertClose("weight grad " + java.util.Arrays.toString(g) + " layout " + layout, e, a, 1e-4);
            }
        }
    }
}
