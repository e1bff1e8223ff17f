package dev.colorize.core.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, tanh and sigmoid over float arrays from plain Vector API arithmetic (Cephes polynomials).
 *
 * <p>Why not {@code lanewise(EXP)}: the JDK computes those lanes with an SVML stub once C2 has
 * compiled the loop and with a Java fallback before that, and the two differ in the last bits. A
 * training run resumed in a fresh JVM would then not continue bit for bit. Adds, multiplies,
 * divides, comparisons and bit casts give the same bits interpreted or compiled, so these loops do.
 * Every element goes through the same formula: the tail (under one vector) is copied into a
 * zero-padded vector and run through the same loop. No masks: {@code indexInRange} masks on every
 * step left the JDK 17 loops ~5x slower, and a loop choosing between masked and unmasked accesses
 * compiled erratically (tanh of one 256x256x2 image took 0.1 to 8 ms from one JVM to the next). Accuracy: within 2 ulp of
 * {@link Math#exp} for exp on [-86.5, 88.7]; below -86.5 exp returns 0 (the exact value is under
 * 3e-38), above 88.72 it returns infinity; NaN stays NaN.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static final float EXP_LO = -86.5f;
    private static final float EXP_HI = 88.72283f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float ROUND = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float TANH_SMALL = 0.625f;
    private static final float TANH_ONE = 9f; // tanh(9) rounds to 1 in float

    private VectorMath() {
    }

    static void exp(float[] x, int xo, float[] o, int oo, int n) {
        withTail(VectorMath::expFull, x, xo, o, oo, n);
    }

    static void sigmoid(float[] x, int xo, float[] o, int oo, int n) {
        withTail(VectorMath::sigmoidFull, x, xo, o, oo, n);
    }

    static void tanh(float[] x, int xo, float[] o, int oo, int n) {
        withTail(VectorMath::tanhFull, x, xo, o, oo, n);
    }

    /** A loop over whole vectors ({@code n} a multiple of L). */
    private interface FullLoop {
        void run(float[] x, int xo, float[] o, int oo, int n);
    }

    /**
     * {@code loop} over the whole vectors, then the tail through the same loop on a zero-padded copy
     * (one call per array: the loop itself stays the unit C2 compiles, no masks inside it).
     */
    private static void withTail(FullLoop loop, float[] x, int xo, float[] o, int oo, int n) {
        int bound = S.loopBound(n);
        loop.run(x, xo, o, oo, bound);
        if (bound < n) {
            float[] t = tail(x, xo + bound, n - bound);
            loop.run(t, 0, t, 0, L);
            System.arraycopy(t, 0, o, oo + bound, n - bound);
        }
    }

    /** The last {@code count < L} elements, zero-padded to one vector (run through the same loop). */
    private static float[] tail(float[] x, int from, int count) {
        float[] t = new float[L];
        System.arraycopy(x, from, t, 0, count);
        return t;
    }

    /** {@code n} a multiple of L. */
    private static void expFull(float[] x, int xo, float[] o, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            exp(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
        }
    }

    private static void sigmoidFull(float[] x, int xo, float[] o, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            one.div(exp(v.neg()).add(one)).intoArray(o, oo + i);
        }
    }

    private static void tanhFull(float[] x, int xo, float[] o, int oo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector a = v.abs();
            // |x| >= 0.625: 1 - 2 / (exp(2|x|) + 1), saturated at 1 beyond 9
            FloatVector e = exp(a.min(TANH_ONE).mul(2f));
            FloatVector large = one.sub(FloatVector.broadcast(S, 2f).div(e.add(one)));
            // |x| < 0.625: odd polynomial, exact to float rounding where the form above cancels
            FloatVector z = v.mul(v);
            FloatVector p = z.mul(-5.70498872745e-3f).add(2.06390887954e-2f).mul(z).add(-5.37397155531e-2f)
                    .mul(z).add(1.33314422036e-1f).mul(z).add(-3.33332819422e-1f);
            FloatVector small = p.mul(z).mul(a).add(a);
            FloatVector r = large.blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
            // sign back (also keeps NaN: a NaN |x| gives NaN in both branches)
            r = r.blend(r.neg(), v.compare(VectorOperators.LT, 0f));
            r.intoArray(o, oo + i);
        }
    }

    /** exp of one vector; kept small so C2 inlines it into the loops above. */
    private static FloatVector exp(FloatVector v) {
        FloatVector c = v.max(EXP_LO).min(EXP_HI);
        FloatVector shifted = c.mul(LOG2E).add(ROUND);
        FloatVector n = shifted.sub(ROUND);
        FloatVector r = c.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r).add(8.3334519073e-3f).mul(r)
                .add(4.1665795894e-2f).mul(r).add(1.6666665459e-1f).mul(r).add(5.0000001201e-1f);
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        // 2^(n-1) from the exponent bits (n - 1 + 127 stays in [2, 254]), then times 2. n is read from
        // the low mantissa bits of n + 1.5 * 2^23 (exact for |n| < 2^22) rather than converted: JDK 17
        // does not intrinsify the F2I conversion, and the boxed fallback made tanh ~4x slower.
        IntVector bits = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUND) - 126)
                .lanewise(VectorOperators.LSHL, 23);
        FloatVector scaled = y.mul(bits.reinterpretAsFloats()).mul(2f);
        scaled = scaled.blend(0f, v.compare(VectorOperators.LT, EXP_LO));
        return scaled.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.GT, EXP_HI));
    }

    /**
     * The sum of a vector's lanes in lane order, in double. Not {@code reduceLanes(ADD)}: the JDK may
     * associate a float reduction differently once C2 compiles it, so its bits can depend on JIT state.
     */
    static double sumLanes(FloatVector v) {
        float[] lanes = v.toArray();
        double s = 0;
        for (float f : lanes) {
            s += f;
        }
        return s;
    }
}
