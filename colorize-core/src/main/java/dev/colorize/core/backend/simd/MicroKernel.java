package dev.colorize.core.backend.simd;

import jdk.incubator.vector.FloatVector;

import static dev.colorize.core.backend.simd.Sgemm.L;
import static dev.colorize.core.backend.simd.Sgemm.MR;
import static dev.colorize.core.backend.simd.Sgemm.NR;
import static dev.colorize.core.backend.simd.Sgemm.S;

/**
 * The {@link Sgemm#MR} x {@link Sgemm#NR} register tile of the GEMM:
 * {@code c[co + r*ldc + j] (+)= sum_p ap[ao + p*MR + r] * bp[bo + p*NR + j]} over packed micro-panels.
 * 8 x 2 accumulators plus two B vectors and one broadcast fit the 32 registers of AVX-512.
 *
 * <p>Two forms of the same tile ({@link #UNROLLED}): one step per iteration (the default), and
 * the reduction loop unrolled by four. Measured on an Intel Xeon with AVX-512 (2026-11-29,
 * CpuTimeProbe, jars alternated): on JDK 17 the unrolled loop ran sgemm 2048 at 144-162 GFLOPS
 * against 135-139 and the U-Net's 16 fused layers in 89-90 against 90-97 ms; on JDK 25 it was the
 * slower one (128-132 against 130-141 GFLOPS, 113-127 against 97-106 ms). It is not the default
 * because one JMH fork of the train step on JDK 17 (1250 MB heap, 100 MB young generation) ran 20x
 * slower with it, 42.8 s per step, the signature of vector code left to the interpreter or C1
 * (boxed vectors), while two other forks of the same configuration, one with each form, ran at
 * 2.1-2.2 s; until that is understood, {@code -Dcolorize.sgemm.unrolled=true} opts in. Unrolling
 * by eight, or a 12-row tile unrolled by four, reliably stops C2 from compiling the vector calls
 * into the loop (1-3 GFLOPS). The 16 accumulators are named locals (not an array) so that C2 keeps
 * them in registers; accumulate and store stay in the same method as the loop, since vectors
 * passed to a call that is not inlined are boxed.
 */
final class MicroKernel {
    /** Whether the tile runs the loop unrolled by four: {@code -Dcolorize.sgemm.unrolled=true} (see above). */
    static final boolean UNROLLED = Boolean.getBoolean("colorize.sgemm.unrolled");

    private MicroKernel() {
    }

    /** {@code c (+)= A * B} for one register tile. */
    static void tile(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc, boolean acc) {
        tile(UNROLLED, ap, ao, bp, bo, kc, c, co, ldc, acc);
    }

    /** {@link #tile} in the given form (the tests run both). */
    static void tile(boolean unrolled, float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc,
                     boolean acc) {
        if (unrolled) {
            if (acc) {
                add(ap, ao, bp, bo, kc, c, co, ldc);
            } else {
                set(ap, ao, bp, bo, kc, c, co, ldc);
            }
        } else if (acc) {
            addStep(ap, ao, bp, bo, kc, c, co, ldc);
        } else {
            setStep(ap, ao, bp, bo, kc, c, co, ldc);
        }
    }

    /**
     * {@code c = A * B}, unrolled by four. Indices are affine in p (no second induction variable),
     * so C2 hoists the bounds checks out of the loop; a profile showed them executed per iteration
     * with {@code ao += MR; bo += NR}.
     */
    private static void set(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        FloatVector a, b0, b1;
        int ai, bi;
        int p = 0;
        for (; p <= kc - 4; p += 4) {
            ai = ao + (p) * MR;
            bi = bo + (p) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            ai = ao + (p + 1) * MR;
            bi = bo + (p + 1) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            ai = ao + (p + 2) * MR;
            bi = bo + (p + 2) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            ai = ao + (p + 3) * MR;
            bi = bo + (p + 3) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        for (; p < kc; p++) {
            ai = ao + (p) * MR;
            bi = bo + (p) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00.intoArray(c, co + 0 * ldc);
        c01.intoArray(c, co + 0 * ldc + L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }

    /**
     * {@code c += A * B}, unrolled by four. A separate method rather than a flag: a branch on the
     * flag compiled while the profile had seen only one value ends in an uncommon trap, and the
     * deoptimised kernel then ran in C1 code at a tenth of the speed for whole benchmark runs.
     */
    private static void add(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        FloatVector a, b0, b1;
        int ai, bi;
        int p = 0;
        for (; p <= kc - 4; p += 4) {
            ai = ao + (p) * MR;
            bi = bo + (p) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            ai = ao + (p + 1) * MR;
            bi = bo + (p + 1) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            ai = ao + (p + 2) * MR;
            bi = bo + (p + 2) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            ai = ao + (p + 3) * MR;
            bi = bo + (p + 3) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        for (; p < kc; p++) {
            ai = ao + (p) * MR;
            bi = bo + (p) * NR;
            b0 = FloatVector.fromArray(S, bp, bi);
            b1 = FloatVector.fromArray(S, bp, bi + L);
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00 = c00.add(FloatVector.fromArray(S, c, co + 0 * ldc));
        c01 = c01.add(FloatVector.fromArray(S, c, co + 0 * ldc + L));
        c10 = c10.add(FloatVector.fromArray(S, c, co + 1 * ldc));
        c11 = c11.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
        c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
        c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
        c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
        c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
        c40 = c40.add(FloatVector.fromArray(S, c, co + 4 * ldc));
        c41 = c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
        c50 = c50.add(FloatVector.fromArray(S, c, co + 5 * ldc));
        c51 = c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
        c60 = c60.add(FloatVector.fromArray(S, c, co + 6 * ldc));
        c61 = c61.add(FloatVector.fromArray(S, c, co + 6 * ldc + L));
        c70 = c70.add(FloatVector.fromArray(S, c, co + 7 * ldc));
        c71 = c71.add(FloatVector.fromArray(S, c, co + 7 * ldc + L));
        c00.intoArray(c, co + 0 * ldc);
        c01.intoArray(c, co + 0 * ldc + L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }

    /** {@code c = A * B}, one step per iteration. */
    private static void setStep(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * MR;
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00.intoArray(c, co + 0 * ldc);
        c01.intoArray(c, co + 0 * ldc + L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }

    /** {@code c += A * B}, one step per iteration. */
    private static void addStep(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * MR;
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00 = c00.add(FloatVector.fromArray(S, c, co + 0 * ldc));
        c01 = c01.add(FloatVector.fromArray(S, c, co + 0 * ldc + L));
        c10 = c10.add(FloatVector.fromArray(S, c, co + 1 * ldc));
        c11 = c11.add(FloatVector.fromArray(S, c, co + 1 * ldc + L));
        c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
        c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
        c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
        c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
        c40 = c40.add(FloatVector.fromArray(S, c, co + 4 * ldc));
        c41 = c41.add(FloatVector.fromArray(S, c, co + 4 * ldc + L));
        c50 = c50.add(FloatVector.fromArray(S, c, co + 5 * ldc));
        c51 = c51.add(FloatVector.fromArray(S, c, co + 5 * ldc + L));
        c60 = c60.add(FloatVector.fromArray(S, c, co + 6 * ldc));
        c61 = c61.add(FloatVector.fromArray(S, c, co + 6 * ldc + L));
        c70 = c70.add(FloatVector.fromArray(S, c, co + 7 * ldc));
        c71 = c71.add(FloatVector.fromArray(S, c, co + 7 * ldc + L));
        c00.intoArray(c, co + 0 * ldc);
        c01.intoArray(c, co + 0 * ldc + L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }
}
