package dev.colorize.core.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Single-precision GEMM {@code C (+)= A * B} in the BLIS / GotoBLAS style: B is packed in
 * {@link #KC} x {@link #NC} blocks (kept in L3), A in {@link #MC} x {@link #KC} blocks (kept in L2),
 * and an {@link #MR} x {@link #NR} register-blocked FMA micro-kernel ({@link MicroKernel}) streams
 * one packed A micro-panel against one packed B micro-panel (kept in L1). {@code NR} is two vectors
 * of {@link FloatVector#SPECIES_PREFERRED} (AVX2 spills a little but stays correct).
 *
 * <p>C is row-major with leading dimension {@code ldc} and unit column stride; A and B are any
 * {@link Operand}. Edge tiles (M or N not a multiple of the register tile) run the same kernel on
 * zero-padded panels into a scratch tile and copy the valid part, so every size is exact.
 */
final class Sgemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 8;
    static final int NR = 2 * L;
    static final int KC = Integer.getInteger("colorize.sgemm.kc", 256);
    /**
     * KC of plain matrix products ({@code Backend.matmul}): longer blocks cut the passes over C
     * (each one streams C from memory once it outgrows the caches); 512 measured +15% over 256 on
     * square sizes, 1024 (with {@link #mc} rows) another +2-4% at n = 2048. The convolutions (whose
     * B blocks are im2col gathers, and whose cached weights are laid out for {@link #KC}) were 1-2%
     * slower with 512 and unchanged with 512 / 192 rows in the train step.
     */
    static final int KC_MATMUL = Integer.getInteger("colorize.sgemm.kcMatmul", 1024);
    /** Rows of an A block at {@link #KC}; longer reduction blocks get proportionally fewer (see {@link #mc}). */
    static final int MC = Integer.getInteger("colorize.sgemm.mc", 384);
    static final int NC = Integer.getInteger("colorize.sgemm.ncPanels", 96) * NR;
    /** Below this many multiply-adds per task, splitting across threads costs more than it saves. */
    static final long MIN_PARALLEL_WORK = 1L << 18;

    private Sgemm() {
    }

    /** {@code C[M, N] (+)= A[M, K] * B[K, N]} on the pool, split into slabs along M or N. */
    static void gemm(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc, boolean accumulate) {
        int slabs = slabs(m, n, k, Parallel.threads());
        Parallel.forEach(slabs, s -> gemmSlab(s, slabs, m, n, k, a, b, c, cOff, ldc, accumulate));
    }

    /**
     * Panel width the A operand of an {@code m x n} product is packed with: {@link #MR}, or
     * {@link #NR} when the product runs transposed (A then plays B's role, see {@link #transposedSlab}).
     */
    static int aWidth(int m, int n) {
        return transposed(m, n) ? NR : MR;
    }

    /**
     * Whether a product with this shape runs as {@code C^T = B^T A^T}: when C has fewer columns than
     * a register tile (a convolution with a 4x4 or smaller output), most of every tile would be
     * padding, while the transposed product fills them.
     */
    static boolean transposed(int m, int n) {
        return n < NR && m > n;
    }

    /** How many slabs a product of this size should be cut into for {@code threads} threads. */
    static int slabs(int m, int n, int k, int threads) {
        long work = (long) m * n * k;
        int units = transposed(m, n) ? ceilDiv(m, NR) : Math.max(ceilDiv(m, MR), ceilDiv(n, NR));
        int byWork = (int) Math.max(1, Math.min(threads, work / MIN_PARALLEL_WORK));
        return Math.max(1, Math.min(byWork, units));
    }

    /**
     * Slab {@code s} of {@code slabs}: a band of whole register tiles along the longer side of C
     * (in tiles), computed on the calling thread. Every slab packs its own blocks.
     */
    static void gemmSlab(int s, int slabs, int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
                         boolean accumulate) {
        gemmSlab(s, slabs, m, n, k, a, b, c, cOff, ldc, accumulate, KC);
    }

    /** {@link #gemmSlab} with reduction blocks of {@code kcb} (only operands that are not pre-packed). */
    static void gemmSlab(int s, int slabs, int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
                         boolean accumulate, int kcb) {
        gemmSlab(s, slabs, m, n, k, a, b, c, cOff, ldc, accumulate, kcb, null);
    }

    /**
     * {@link #gemmSlab} whose finished values of C row {@code i} then go through {@code ep} (row
     * {@code i}'s scale, shift and activation; null for none), tile by tile while each is in cache.
     */
    static void gemmSlab(int s, int slabs, int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
                         boolean accumulate, int kcb, Epilogue ep) {
        if (transposed(m, n)) {
            transposedSlab(s, slabs, m, n, k, a, b, c, cOff, ldc, accumulate, kcb, ep);
            return;
        }
        int mUnits = ceilDiv(m, MR);
        int nUnits = ceilDiv(n, NR);
        // Splitting along M makes every slab pack all of B (an im2col gather, ~1 ns per element);
        // along N, every slab streams all of A, which is only a read when A is pre-packed (cached
        // weights, ~10x cheaper per element): prefer N unless A is much larger than B.
        if (nUnits >= mUnits || (a.packedArray(MR) != null && nUnits >= slabs && m <= 8L * n)) {
            int n0 = Math.min(n, (int) ((long) nUnits * s / slabs) * NR);
            int n1 = Math.min(n, (int) ((long) nUnits * (s + 1) / slabs) * NR);
            gemmBlock(0, m, n0, n1, k, a, b, c, cOff, ldc, accumulate, kcb, ep);
        } else {
            int m0 = Math.min(m, (int) ((long) mUnits * s / slabs) * MR);
            int m1 = Math.min(m, (int) ((long) mUnits * (s + 1) / slabs) * MR);
            gemmBlock(m0, m1, 0, n, k, a, b, c, cOff, ldc, accumulate, kcb, ep);
        }
    }

    /**
     * A narrow C (fewer columns than a register tile, e.g. a convolution with a 4x4 or smaller
     * output) wastes most of each tile, so compute {@code C^T = B^T * A^T} instead (the operands
     * only swap roles) into a per-thread buffer and add it back transposed. Slab {@code s} covers
     * a band of C's rows.
     */
    private static void transposedSlab(int s, int slabs, int m, int n, int k, Operand a, Operand b, float[] c,
                                       int cOff, int ldc, boolean accumulate, int kcb, Epilogue ep) {
        int units = ceilDiv(m, NR);
        int m0 = Math.min(m, (int) ((long) units * s / slabs) * NR);
        int m1 = Math.min(m, (int) ((long) units * (s + 1) / slabs) * NR);
        int width = m1 - m0;
        if (width <= 0) {
            return;
        }
        float[] t = Scratch.get().transposed(n * width);
        // t[j * width + (i - m0)] = (A * B)[i, j]: the block's C offset is shifted so column m0 lands at 0.
        gemmBlock(0, n, m0, m1, k, b, a, t, -m0, width, false, kcb, null);
        for (int i = m0; i < m1; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float v = t[j * width + i - m0];
                v = accumulate ? c[row + j] + v : v;
                c[row + j] = ep == null ? v : ep.value(v, i);
            }
        }
    }

    /** Rows {@code [m0, m1)} and columns {@code [n0, n1)} of C, single-threaded. */
    static void gemmBlock(int m0, int m1, int n0, int n1, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
                          boolean accumulate, int kcb) {
        gemmBlock(m0, m1, n0, n1, k, a, b, c, cOff, ldc, accumulate, kcb, null);
    }

    /** {@link #gemmBlock} with an epilogue on the finished values (null for none). */
    static void gemmBlock(int m0, int m1, int n0, int n1, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
                          boolean accumulate, int kcb, Epilogue ep) {
        if (m1 <= m0 || n1 <= n0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = m0; i < m1; i++) {
                    Arrays.fill(c, cOff + i * ldc + n0, cOff + i * ldc + n1, 0f);
                }
            }
            if (ep != null) {
                ep.apply(c, cOff + m0 * ldc + n0, ldc, m0, m1 - m0, n1 - n0);
            }
            return;
        }
        Scratch scratch = Scratch.get();
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < k; pc += kcb) {
                int kc = Math.min(kcb, k - pc);
                float[] bp = b.packedArray(NR);
                int bo = 0;
                if (bp == null) {
                    bp = scratch.packedB(ceilDiv(nc, NR) * NR * kc);
                    b.pack(bp, jc, nc, pc, kc, NR);
                } else {
                    bo = b.packedOffset(jc, pc, kc, NR);
                }
                boolean acc = accumulate || pc > 0;
                Epilogue last = pc + kc >= k ? ep : null;
                int mcb = mc(kcb);
                for (int ic = m0; ic < m1; ic += mcb) {
                    int mc = Math.min(mcb, m1 - ic);
                    float[] ap = a.packedArray(MR);
                    int ao = 0;
                    if (ap == null) {
                        ap = scratch.packedA(ceilDiv(mc, MR) * MR * kc);
                        a.pack(ap, ic, mc, pc, kc, MR);
                    } else {
                        ao = a.packedOffset(ic, pc, kc, MR);
                    }
                    macroKernel(ap, ao, bp, bo, mc, nc, kc, c, cOff + ic * ldc + jc, ldc, acc, scratch.tile, last, ic);
                }
            }
        }
    }

    /**
     * Rows of an A block for reduction blocks of {@code kcb}: the packed block keeps the size of an
     * {@link #MC} x {@link #KC} one (384 KB, well inside L2, which also holds the B micro-panel and
     * the C tiles), so longer blocks get fewer rows.
     */
    static int mc(int kcb) {
        return Math.max(MR, (int) ((long) MC * KC / Math.max(kcb, KC)) / MR * MR);
    }

    /** Every register tile of one packed A block times one packed B block. */
    private static void macroKernel(float[] ap, int aBase, float[] bp, int bBase, int mc, int nc, int kc, float[] c,
                                    int cOff, int ldc, boolean acc, float[] tile, Epilogue ep, int row0) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int bo = bBase + jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int ao = aBase + ir * kc;
                int co = cOff + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    MicroKernel.tile(ap, ao, bp, bo, kc, c, co, ldc, acc);
                    if (ep != null) {
                        ep.apply(c, co, ldc, row0 + ir, MR, NR);
                    }
                    continue;
                }
                MicroKernel.tile(ap, ao, bp, bo, kc, tile, 0, NR, false);
                for (int r = 0; r < rows; r++) {
                    int t = r * NR;
                    int d = co + r * ldc;
                    if (acc) {
                        for (int q = 0; q < cols; q++) {
                            c[d + q] += tile[t + q];
                        }
                    } else {
                        System.arraycopy(tile, t, c, d, cols);
                    }
                }
                if (ep != null) {
                    ep.apply(c, co, ldc, row0 + ir, rows, cols);
                }
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
