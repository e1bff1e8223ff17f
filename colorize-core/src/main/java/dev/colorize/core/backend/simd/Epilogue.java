package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.FusedConv;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What a fused inference kernel does to each finished output value of row (channel) {@code r}:
 * {@code act(v * scale[r] + shift[r])}, act = LeakyReLU with {@code slope} (0 = ReLU, NaN = none,
 * see {@link FusedConv}). {@link Sgemm} applies it to each register tile right after the tile's
 * last store, while the tile is in L1; the transposed convolution applies it to each channel plane
 * after col2im. Vectors stay inside each method (nothing is passed to a helper that might not inline).
 */
final class Epilogue {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final float[] scale;
    private final float[] shift;
    private final float slope;

    /** scale and shift indexed by row (null: 1 and 0); slope NaN for no activation. */
    Epilogue(float[] scale, float[] shift, float slope) {
        this.scale = scale;
        this.shift = shift;
        this.slope = slope;
    }

    /** Rows {@code row0 .. row0+rows-1} of C, {@code cols} values each from {@code c[co + r*ldc]}. */
    void apply(float[] c, int co, int ldc, int row0, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            applyRow(c, co + r * ldc, cols, row0 + r);
        }
    }

    /** {@code n} values of row {@code row} from {@code c[from]}. */
    void applyRow(float[] c, int from, int n, int row) {
        float a = scale == null ? 1f : scale[row];
        float b = shift == null ? 0f : shift[row];
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        int i = 0;
        int bound = S.loopBound(n);
        if (Float.isNaN(slope)) {
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, c, from + i).fma(va, vb).intoArray(c, from + i);
            }
        } else if (slope == 0f) {
            FloatVector zero = FloatVector.zero(S);
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, c, from + i).fma(va, vb);
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(c, from + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, c, from + i).fma(va, vb);
                v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(c, from + i);
            }
        }
        for (; i < n; i++) {
            c[from + i] = FusedConv.activate(Math.fma(c[from + i], a, b), slope);
        }
    }

    /**
     * {@code dst[d + i] = act(src[s + i])} for {@code i < n}: the input activation of a fused
     * convolution, applied while its operand is packed (NaN slope: a plain copy).
     */
    static void activateCopy(float[] src, int s, float[] dst, int d, int n, float slope) {
        if (Float.isNaN(slope)) {
            System.arraycopy(src, s, dst, d, n);
            return;
        }
        int i = 0;
        int bound = S.loopBound(n);
        if (slope == 0f) {
            FloatVector zero = FloatVector.zero(S);
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, src, s + i);
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(dst, d + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, src, s + i);
                v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(dst, d + i);
            }
        }
        for (; i < n; i++) {
            dst[d + i] = FusedConv.activate(src[s + i], slope);
        }
    }

    /** One value of row {@code row}. */
    float value(float v, int row) {
        float a = scale == null ? 1f : scale[row];
        float b = shift == null ? 0f : shift[row];
        return FusedConv.activate(Math.fma(v, a, b), slope);
    }
}
