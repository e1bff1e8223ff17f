package dev.colorize.core.backend.simd;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.colorize.core.backend.simd.Parity.SCALAR;
import static dev.colorize.core.backend.simd.Parity.VECTOR;
import static dev.colorize.core.backend.simd.Parity.assertClose;
import static dev.colorize.core.backend.simd.Parity.out;
import static dev.colorize.core.backend.simd.Parity.randomView;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SgemmParityTest {
    private static final int[] SIZES = {1, 2, 3, 7, 8, 9, 13, 16, 17, 31, 33, 47};

    @Test
    void batchedMatmulMatchesScalarOnRandomShapesAndLayouts() {
        Rng rng = new Rng(11);
        for (int trial = 0; trial < 40; trial++) {
            int batch = 1 + rng.nextInt(3);
            int m = SIZES[rng.nextInt(SIZES.length)];
            int k = SIZES[rng.nextInt(SIZES.length)];
            int n = SIZES[rng.nextInt(SIZES.length)];
            Tensor a = randomView(rng, trial, batch, m, k);
            Tensor c = randomView(rng, trial / 4, batch, k, n);
            check("matmul trial " + trial + " [" + batch + "," + m + "," + k + "]x[" + k + "," + n + "]", a, c);
        }
    }

    @Test
    void broadcastBatchOperandsUseStrideZero() {
        Rng rng = new Rng(12);
        Tensor a = Tensor.randn(rng, 1, 9, 5).expand(3, 9, 5);
        Tensor c = Tensor.randn(rng, 3, 5, 37);
        check("broadcast lhs", a, c);
        check("broadcast rhs", Tensor.randn(rng, 3, 2, 4).transpose(1, 2), Tensor.randn(rng, 1, 2, 7).expand(3, 2, 7));
    }

    @Test
    void blockBoundariesOfKcMcAndNcAreExact() {
        Rng rng = new Rng(13);
        check("k crosses KC", Tensor.randn(rng, 1, 9, Sgemm.KC + 37), Tensor.randn(rng, 1, Sgemm.KC + 37, 35));
        check("m crosses MC", Tensor.randn(rng, 1, Sgemm.MC + 11, 3), Tensor.randn(rng, 1, 3, 5));
        check("n crosses NC", Tensor.randn(rng, 1, 3, 2), Tensor.randn(rng, 1, 2, Sgemm.NC + 5));
        // Plain products use longer reduction blocks and proportionally shorter A blocks.
        int mc = Sgemm.mc(Sgemm.KC_MATMUL);
        check("k crosses KC_MATMUL, m crosses its MC", Tensor.randn(rng, 1, mc + 13, Sgemm.KC_MATMUL + 37),
                Tensor.randn(rng, 1, Sgemm.KC_MATMUL + 37, 35));
    }

    @Test
    void aBlockRowsShrinkWithTheReductionBlock() {
        assertEquals(Sgemm.MC, Sgemm.mc(Sgemm.KC));
        assertEquals(Sgemm.MC, Sgemm.mc(1));
        assertEquals(Sgemm.MC / 4, Sgemm.mc(4 * Sgemm.KC));
        assertEquals(Sgemm.MR, Sgemm.mc(1 << 30));
    }

    @Test
    void everySlabSplitCoversTheProductOnce() {
        slabSplits(41, 3 * Sgemm.NR + 5, 19);
    }

    /** Fewer columns than half a register tile: the transposed path, split along M. */
    @Test
    void everySlabSplitOfANarrowProductCoversItOnce() {
        slabSplits(3 * Sgemm.NR + 7, 3, 23);
        slabSplits(2 * Sgemm.NR, 1, 5);
    }

    private static void slabSplits(int m, int n, int k) {
        Rng rng = new Rng(14);
        float[] a = Tensor.randn(rng, m, k).toArray();
        float[] b = Tensor.randn(rng, k, n).toArray();
        Tensor expected = out(1, m, n);
        SCALAR.matmul(Tensor.of(a, 1, m, k), Tensor.of(b, 1, k, n), expected);
        for (int slabs = 1; slabs <= 7; slabs++) {
            float[] c = new float[m * n];
            java.util.Arrays.fill(c, Float.NaN);
            for (int s = 0; s < slabs; s++) {
                Sgemm.gemmSlab(s, slabs, m, n, k, StridedOperand.rowsOf(a, 0, k, 1),
                        StridedOperand.columnsOf(b, 0, n, 1), c, 0, n, false);
            }
            assertClose("slabs " + slabs, expected, Tensor.of(c, 1, m, n), 1e-5);
        }
    }

    @Test
    void accumulateAddsToExistingC() {
        Rng rng = new Rng(15);
        int m = 10, n = 19, k = 4;
        float[] a = Tensor.randn(rng, m, k).toArray();
        float[] b = Tensor.randn(rng, k, n).toArray();
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, 2f);
        Sgemm.gemm(m, n, k, StridedOperand.rowsOf(a, 0, k, 1), StridedOperand.columnsOf(b, 0, n, 1), c, 0, n, true);
        Tensor product = out(1, m, n);
        SCALAR.matmul(Tensor.of(a, 1, m, k), Tensor.of(b, 1, k, n), product);
        assertClose("accumulate", product.add(2f), Tensor.of(c, 1, m, n), 1e-5);
    }

    @Test
    void emptyReductionDimensionGivesZeros() {
        Tensor a = Tensor.zeros(2, 3, 0);
        Tensor c = Tensor.zeros(2, 0, 4);
        Tensor o = Tensor.full(5f, 2, 3, 4);
        VECTOR.matmul(a, c, o);
        for (float v : o.toArray()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void multithreadedLargeProductMatchesScalar() {
        Rng rng = new Rng(16);
        Tensor a = Tensor.randn(rng, 2, 67, 61);
        Tensor c = Tensor.randn(rng, 2, 61, 131).transpose(1, 2).contiguous().transpose(1, 2);
        Parity.withThreads(3, () -> check("3 threads", a, c));
    }

    private static void check(String what, Tensor a, Tensor c) {
        int batch = a.shape()[0], m = a.shape()[1], n = c.shape()[2];
        Tensor expected = out(batch, m, n);
        Tensor actual = out(batch, m, n);
        SCALAR.matmul(a, c, expected);
        VECTOR.matmul(a, c, actual);
        assertClose(what, expected, actual, 1e-4);
    }
}
