package dev.colorize.core.backend.simd;

import dev.colorize.core.tensor.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both forms of the GEMM register tile (unrolled by four and one step per iteration; a JVM runs
 * only one of them, {@link MicroKernel#UNROLLED}) against a double-precision reference, for
 * reduction lengths around the unrolling (remainders 0-3), with and without accumulation, at
 * offsets inside larger arrays.
 */
class MicroKernelTest {
    private static final int MR = Sgemm.MR, NR = Sgemm.NR;

    @Test
    void bothFormsMatchTheReference() {
        Rng rng = new Rng(41);
        for (int kc : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 31, 64, 257}) {
            for (boolean unrolled : new boolean[] {true, false}) {
                for (boolean acc : new boolean[] {false, true}) {
                    int ao = 3, bo = 5, co = 7, ldc = NR + 9;
                    float[] ap = random(rng, ao + kc * MR + 4);
                    float[] bp = random(rng, bo + kc * NR + 4);
                    float[] c = random(rng, co + MR * ldc + 4);
                    float[] before = c.clone();
                    MicroKernel.tile(unrolled, ap, ao, bp, bo, kc, c, co, ldc, acc);
                    String what = "kc " + kc + (unrolled ? " unrolled" : " single-step") + (acc ? " +=" : " =");
                    for (int i = 0; i < c.length; i++) {
                        int r = (i - co) / ldc, j = (i - co) % ldc;
                        boolean inTile = i >= co && r < MR && j < NR;
                        if (!inTile) {
                            assertEquals(before[i], c[i], 0f, what + ": element " + i + " outside the tile changed");
                            continue;
                        }
                        double expected = acc ? before[i] : 0;
                        double scale = Math.abs(expected);
                        for (int p = 0; p < kc; p++) {
                            double term = (double) ap[ao + p * MR + r] * bp[bo + p * NR + j];
                            expected += term;
                            scale += Math.abs(term);
                        }
                        assertEquals(expected, c[i], 1e-6 * (1 + scale), what + ": C[" + r + "][" + j + "]");
                    }
                }
            }
        }
    }

    private static float[] random(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }
}
