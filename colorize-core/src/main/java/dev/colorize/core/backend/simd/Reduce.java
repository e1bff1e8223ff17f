package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ReduceOp;
import dev.colorize.core.backend.Strided;
import dev.colorize.core.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Vectorised SUM / MAX / MIN over any set of dimensions. The output is viewed with x's shape and
 * stride 0 on reduced dimensions, then both are walked row by row ({@link Rows}): a row along a
 * reduced dimension is folded to one value with vector lanes; a row along a kept dimension is
 * combined lane-wise into the output row. Sums accumulate in float per row (the reference uses
 * double; parity tests bound the difference). NaN propagates like the reference.
 */
final class Reduce {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Reduce() {
    }

    static void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        int[] shape = x.shape();
        int[] outStrides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            outStrides[d] = dims[d] ? 0 : s;
            s *= dims[d] ? 1 : shape[d];
        }
        float[] o = Strided.data(out);
        float identity = switch (op) {
            case SUM -> 0f;
            case MAX -> Float.NEGATIVE_INFINITY;
            case MIN -> Float.POSITIVE_INFINITY;
        };
        Arrays.fill(o, out.offset(), out.offset() + out.numel(), identity);
        Tensor outView = new Tensor(out.storage(), out.offset(), shape, outStrides);
        float[] xs = Strided.data(x);
        Rows rows = new Rows(shape, x, outView);
        int len = rows.length();
        boolean folds = rows.innerStride(1) == 0;
        while (rows.next()) {
            float[] src = xs;
            int so = rows.offset(0);
            if (rows.innerStride(0) != 1) {
                src = Elementwise.gather(0, xs, so, rows.innerStride(0), len);
                so = 0;
            }
            int oo = rows.offset(1);
            if (folds) {
                float v = fold(op, src, so, len);
                o[oo] = combine(op, o[oo], v);
            } else {
                combineRow(op, src, so, o, oo, len);
            }
        }
    }

    private static float combine(ReduceOp op, float acc, float v) {
        return switch (op) {
            case SUM -> acc + v;
            case MAX -> Math.max(acc, v);
            case MIN -> Math.min(acc, v);
        };
    }

    /** The reduction of {@code x[from .. from+n)}. */
    private static float fold(ReduceOp op, float[] x, int from, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        float r;
        switch (op) {
            case SUM -> {
                FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
                for (; i + L < bound; i += 2 * L) {
                    acc0 = acc0.add(FloatVector.fromArray(S, x, from + i));
                    acc1 = acc1.add(FloatVector.fromArray(S, x, from + i + L));
                }
                for (; i < bound; i += L) {
                    acc0 = acc0.add(FloatVector.fromArray(S, x, from + i));
                }
                r = (float) VectorMath.sumLanes(acc0.add(acc1));
            }
            case MAX -> {
                FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                for (; i < bound; i += L) {
                    acc = acc.max(FloatVector.fromArray(S, x, from + i));
                }
                r = acc.reduceLanes(VectorOperators.MAX);
            }
            default -> {
                FloatVector acc = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
                for (; i < bound; i += L) {
                    acc = acc.min(FloatVector.fromArray(S, x, from + i));
                }
                r = acc.reduceLanes(VectorOperators.MIN);
            }
        }
        for (; i < n; i++) {
            r = combine(op, r, x[from + i]);
        }
        return r;
    }

    /** {@code o[oo + i] = combine(o[oo + i], x[from + i])} for {@code i < n}. */
    private static void combineRow(ReduceOp op, float[] x, int from, float[] o, int oo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(S, o, oo + i);
            FloatVector b = FloatVector.fromArray(S, x, from + i);
            FloatVector r = switch (op) {
                case SUM -> a.add(b);
                case MAX -> a.max(b);
                case MIN -> a.min(b);
            };
            r.intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = combine(op, o[oo + i], x[from + i]);
        }
    }
}
