package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.BinaryOp;
import dev.colorize.core.backend.Strided;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised elementwise kernels. Views are walked row by row ({@link Rows}); a row whose elements
 * are not adjacent (strided or broadcast) is first gathered into a per-thread buffer, so each op
 * has exactly one vector loop over contiguous data plus its scalar tail, which uses the
 * reference definition ({@link UnaryOp#apply}, {@link BinaryOp#apply}). Large tensors are split
 * across the pool by rows.
 */
final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements per parallel task; below that the pool costs more than it saves. */
    private static final int GRAIN = 1 << 16;
    private static final ThreadLocal<float[][]> GATHER = ThreadLocal.withInitial(() -> new float[2][0]);

    private Elementwise() {
    }

    /** True when this class has a vector loop for {@code op}; the others run the reference. */
    static boolean supports(UnaryOp op) {
        return switch (op) {
            case POW, SOFTPLUS, SIGN -> false;
            default -> true;
        };
    }

    static void unary(UnaryOp op, float p1, float p2, Tensor x, Tensor out) {
        float[] xs = Strided.data(x);
        float[] o = Strided.data(out);
        int n = out.numel();
        if (x.isContiguous() && out.isContiguous()) {
            int xo = x.offset(), oo = out.offset();
            int tasks = Math.max(1, Math.min(Parallel.threads(), n / GRAIN));
            Parallel.forEach(tasks, t -> {
                int from = (int) ((long) n * t / tasks), to = (int) ((long) n * (t + 1) / tasks);
                unaryLoop(op, p1, p2, xs, xo + from, o, oo + from, to - from);
            });
            return;
        }
        Rows rows = new Rows(out.shape(), x, out);
        int len = rows.length();
        while (rows.next()) {
            float[] src = xs;
            int so = rows.offset(0);
            if (rows.innerStride(0) != 1) {
                src = gather(0, xs, so, rows.innerStride(0), len);
                so = 0;
            }
            if (rows.innerStride(1) == 1) {
                unaryLoop(op, p1, p2, src, so, o, rows.offset(1), len);
            } else {
                float[] tmp = buffer(1, len);
                unaryLoop(op, p1, p2, src, so, tmp, 0, len);
                scatter(tmp, o, rows.offset(1), rows.innerStride(1), len);
            }
        }
    }

    /** {@code o[oo + i] = op(x[xo + i])} for {@code i < n}. */
    private static void unaryLoop(UnaryOp op, float p1, float p2, float[] x, int xo, float[] o, int oo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        switch (op) {
            case NEG -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, x, xo + i).neg().intoArray(o, oo + i);
                }
            }
            case ABS -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, x, xo + i).abs().intoArray(o, oo + i);
                }
            }
            case SQRT -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(o, oo + i);
                }
            }
            // Not lanewise(EXP/TANH/LOG): their SVML stubs and Java fallbacks differ in the last bits,
            // which would make results depend on JIT state (see VectorMath). LOG runs the scalar loop.
            case EXP -> {
                VectorMath.exp(x, xo, o, oo, n);
                i = n;
            }
            case TANH -> {
                VectorMath.tanh(x, xo, o, oo, n);
                i = n;
            }
            case SIGMOID -> {
                VectorMath.sigmoid(x, xo, o, oo, n);
                i = n;
            }
            case RELU -> {
                // x > 0 ? x : 0, so NaN maps to 0 exactly like the reference (max() would keep NaN).
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(o, oo + i);
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.mul(p1).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(o, oo + i);
                }
            }
            case AFFINE -> {
                // mul then add, two roundings, as the reference (no fused multiply-add).
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, x, xo + i).mul(p1).add(p2).intoArray(o, oo + i);
                }
            }
            case CLAMP -> {
                FloatVector lo = FloatVector.broadcast(S, p1), hi = FloatVector.broadcast(S, p2);
                boolean hasLo = !Float.isNaN(p1), hasHi = !Float.isNaN(p2);
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    if (hasLo) {
                        v = v.blend(lo, v.compare(VectorOperators.LT, p1));
                    }
                    if (hasHi) {
                        v = v.blend(hi, v.compare(VectorOperators.GT, p2));
                    }
                    v.intoArray(o, oo + i);
                }
            }
            case GT -> {
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    zero.blend(one, v.compare(VectorOperators.GT, p1)).intoArray(o, oo + i);
                }
            }
            case EQ -> {
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    zero.blend(one, v.compare(VectorOperators.EQ, p1)).intoArray(o, oo + i);
                }
            }
            case IN_RANGE -> {
                boolean hasLo = !Float.isNaN(p1), hasHi = !Float.isNaN(p2);
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    VectorMask<Float> m = S.maskAll(true);
                    if (hasLo) {
                        m = m.and(v.compare(VectorOperators.GE, p1));
                    }
                    if (hasHi) {
                        m = m.and(v.compare(VectorOperators.LE, p2));
                    }
                    zero.blend(one, m).intoArray(o, oo + i);
                }
            }
            default -> i = 0;
        }
        for (; i < n; i++) {
            o[oo + i] = op.apply(x[xo + i], p1, p2);
        }
    }

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        float[] as = Strided.data(a);
        float[] bs = Strided.data(b);
        float[] o = Strided.data(out);
        if (a.isContiguous() && b.isContiguous() && out.isContiguous()) {
            int n = out.numel();
            int ao = a.offset(), bo = b.offset(), oo = out.offset();
            int tasks = Math.max(1, Math.min(Parallel.threads(), n / GRAIN));
            Parallel.forEach(tasks, t -> {
                int from = (int) ((long) n * t / tasks), to = (int) ((long) n * (t + 1) / tasks);
                binaryLoop(op, as, ao + from, bs, bo + from, o, oo + from, to - from);
            });
            return;
        }
        Rows rows = new Rows(out.shape(), a, b, out);
        int len = rows.length();
        while (rows.next()) {
            float[] x = as, y = bs;
            int xo = rows.offset(0), yo = rows.offset(1);
            if (rows.innerStride(0) != 1) {
                x = gather(0, as, xo, rows.innerStride(0), len);
                xo = 0;
            }
            if (rows.innerStride(1) != 1) {
                y = gather(1, bs, yo, rows.innerStride(1), len);
                yo = 0;
            }
            if (rows.innerStride(2) == 1) {
                binaryLoop(op, x, xo, y, yo, o, rows.offset(2), len);
            } else {
                // out itself is strided (not the Backend contract, but stay correct): compute then scatter.
                float[] tmp = new float[len];
                binaryLoop(op, x, xo, y, yo, tmp, 0, len);
                scatter(tmp, o, rows.offset(2), rows.innerStride(2), len);
            }
        }
    }

    /** {@code o[oo + i] = op(a[ao + i], b[bo + i])} for {@code i < n}. */
    private static void binaryLoop(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        switch (op) {
            case ADD -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                }
            }
            case MAX -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                }
            }
            case MIN -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                }
            }
            case GT -> {
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, a, ao + i);
                    zero.blend(one, v.compare(VectorOperators.GT, FloatVector.fromArray(S, b, bo + i)))
                            .intoArray(o, oo + i);
                }
            }
            case EQ -> {
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, a, ao + i);
                    zero.blend(one, v.compare(VectorOperators.EQ, FloatVector.fromArray(S, b, bo + i)))
                            .intoArray(o, oo + i);
                }
            }
            default -> i = 0;
        }
        for (; i < n; i++) {
            o[oo + i] = op.apply(a[ao + i], b[bo + i]);
        }
    }

    /** Copies (or broadcasts, for stride 0) one strided row into per-thread buffer {@code slot}. */
    static float[] gather(int slot, float[] src, int from, int stride, int n) {
        float[] buf = buffer(slot, n);
        if (stride == 0) {
            java.util.Arrays.fill(buf, 0, n, src[from]);
        } else {
            for (int i = 0; i < n; i++) {
                buf[i] = src[from + i * stride];
            }
        }
        return buf;
    }

    static void scatter(float[] src, float[] dst, int from, int stride, int n) {
        for (int i = 0; i < n; i++) {
            dst[from + i * stride] = src[i];
        }
    }

    private static float[] buffer(int slot, int n) {
        float[][] bufs = GATHER.get();
        if (bufs[slot].length < n) {
            bufs[slot] = new float[n];
        }
        return bufs[slot];
    }
}
