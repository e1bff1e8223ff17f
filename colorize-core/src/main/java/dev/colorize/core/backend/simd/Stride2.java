package dev.colorize.core.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every other element, vectorised: the gather of a stride-2 convolution's im2col packing and the
 * scatter-add of a stride-2 transposed convolution's col2im (the pix2pix layers are all stride 2).
 * Two adjacent vectors are de-interleaved (or one is spread over two) with lane shuffles, so no
 * gather instruction is needed. Scalar loops handle the tails and stay the reference.
 */
final class Stride2 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lane i takes element (2i mod L): the evens of v0 in the low half, of v1 in the high half. */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, i -> 2 * i % L);
    private static final VectorMask<Float> HIGH_HALF = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << (L / 2)) - 1));
    /** Lane i of the low half takes element i / 2 (odd lanes are masked off). */
    private static final VectorShuffle<Float> SPREAD_LO = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> SPREAD_HI = VectorShuffle.fromOp(S, i -> (L + i) / 2);
    private static final VectorMask<Float> EVEN_LANES = VectorMask.fromLong(S, 0x5555_5555_5555_5555L);

    private Stride2() {
    }

    /** {@code dst[d + t] = src[s + 2t]} for {@code t < n}. */
    static void gather(float[] src, int s, float[] dst, int d, int n) {
        int t = 0;
        // Each step reads 2L floats from s + 2t: stay inside the array.
        int bound = Math.min(S.loopBound(n), Math.floorDiv(src.length - s - 2 * L, 2) + 1);
        for (; t < bound; t += L) {
            FloatVector v0 = FloatVector.fromArray(S, src, s + 2 * t);
            FloatVector v1 = FloatVector.fromArray(S, src, s + 2 * t + L);
            v0.rearrange(EVENS).blend(v1.rearrange(EVENS), HIGH_HALF).intoArray(dst, d + t);
        }
        for (; t < n; t++) {
            dst[d + t] = src[s + 2 * t];
        }
    }

    /**
     * {@code dst[d + 2t] += src[s + t]} for {@code t < n}; touches no element of dst outside
     * {@code [d, d + 2n - 2]}.
     */
    static void scatterAdd(float[] src, int s, float[] dst, int d, int n) {
        int t = 0;
        // Each step rewrites dst[d + 2t .. d + 2t + 2L - 1] (odd lanes unchanged): stay inside
        // [d, d + 2n - 2], which may border memory that another thread updates.
        int bound = n - L;
        for (; t < bound; t += L) {
            FloatVector v = FloatVector.fromArray(S, src, s + t);
            int o = d + 2 * t;
            FloatVector g0 = FloatVector.fromArray(S, dst, o);
            FloatVector g1 = FloatVector.fromArray(S, dst, o + L);
            g0.add(v.rearrange(SPREAD_LO), EVEN_LANES).intoArray(dst, o);
            g1.add(v.rearrange(SPREAD_HI), EVEN_LANES).intoArray(dst, o + L);
        }
        for (; t < n; t++) {
            dst[d + 2 * t] += src[s + t];
        }
    }
}
